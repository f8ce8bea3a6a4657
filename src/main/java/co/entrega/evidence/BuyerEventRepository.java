package co.entrega.evidence;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import co.entrega.ingestion.BuyerEvent;
import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.ClaimConcept;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Table {@code buyer_events}: one row per event recorded. */
@Repository
class BuyerEventRepository {

    private static final String COLUMNS = "id, invoice_id, code, reason_code, note, event_number, cude, issue_date,"
            + " issue_time, sender_nit, sender_name, inbound_file_id, received_at";
    private static final RowMapper<RecordedEvent> ROWS = (rs, n) -> new RecordedEvent(rs.getLong("id"),
            rs.getLong("invoice_id"), BuyerEventCode.of(rs.getString("code")).orElseThrow(),
            ClaimConcept.ofCode(rs.getString("reason_code")).orElse(null), rs.getString("note"),
            rs.getString("event_number"), rs.getString("cude"), rs.getObject("issue_date", LocalDate.class),
            rs.getObject("issue_time", LocalTime.class), rs.getString("sender_nit"), rs.getString("sender_name"),
            rs.getLong("inbound_file_id"), rs.getObject("received_at", OffsetDateTime.class));
    /** Ids per statement in an IN list, whatever the caller hands in. */
    private static final int IN_LIST = 500;

    private final JdbcClient jdbc;

    BuyerEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long invoiceId, BuyerEvent event, String senderNit, long inboundFileId) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO buyer_events (invoice_id, code, reason_code, note, event_number, cude, issue_date,
                                          issue_time, sender_nit, sender_name, inbound_file_id, received_at)
                VALUES (:invoiceId, :code, :reason, :note, :number, :cude, :issueDate, :issueTime, :senderNit,
                        :senderName, :fileId, :now)""")
                .param("invoiceId", invoiceId)
                .param("code", event.code().code())
                .param("reason", event.claimConcept() == null ? null : event.claimConcept().code())
                .param("note", truncate(event.note(), 2000))
                .param("number", truncate(event.number(), 64))
                .param("cude", event.cude())
                .param("issueDate", event.issueDate())
                .param("issueTime", event.issueTime())
                .param("senderNit", truncate(senderNit, 40))
                .param("senderName", truncate(event.senderName(), 512))
                .param("fileId", inboundFileId)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    Optional<RecordedEvent> byCude(String cude) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM buyer_events WHERE cude = :cude").param("cude", cude)
                .query(ROWS).optional();
    }

    /** In the order they happened: by their own date, and as recorded within a day. */
    List<RecordedEvent> ofInvoice(long invoiceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM buyer_events WHERE invoice_id = :id ORDER BY issue_date, id")
                .param("id", invoiceId).query(ROWS).list();
    }

    List<RecordedEvent> ofInvoices(Collection<Long> invoiceIds) {
        List<Long> ids = List.copyOf(invoiceIds);
        List<RecordedEvent> events = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            events.addAll(jdbc.sql("SELECT " + COLUMNS + " FROM buyer_events WHERE invoice_id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + IN_LIST))).query(ROWS).list());
        }
        return events;
    }

    /** The latest events with that code, newest first (by their date). */
    List<RecordedEvent> withCode(BuyerEventCode code, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM buyer_events WHERE code = :code"
                        + " ORDER BY code, issue_date DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("code", code.code()).param("limit", limit).param("offset", offset).query(ROWS).list();
    }

    /**
     * The 032 events of invoices that have no claim and no acceptance yet, received on or before that day, oldest
     * first. One index range of {@code ix_buyer_events_code_date}, and a lookup per row on the invoice's events.
     */
    List<RecordedEvent> receivedNotSettled(LocalDate receivedOnOrBefore) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM buyer_events r"
                        + " WHERE r.code = :received AND r.issue_date <= :until"
                        + " AND NOT EXISTS (SELECT 1 FROM buyer_events s WHERE s.invoice_id = r.invoice_id"
                        + "                 AND s.code IN (:settling))"
                        + " ORDER BY r.code, r.issue_date, r.id")
                .param("received", BuyerEventCode.GOODS_OR_SERVICE_RECEIVED.code())
                .param("until", receivedOnOrBefore)
                .param("settling", List.of(BuyerEventCode.CLAIM.code(), BuyerEventCode.EXPRESS_ACCEPTANCE.code(),
                        BuyerEventCode.TACIT_ACCEPTANCE.code()))
                .query(ROWS).list();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
