package co.entrega.notification;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What became of the emails of an invoice, for its history on the portal and in the console. */
@Service
public class InvoiceDeliveries {

    /**
     * One invoice email.
     *
     * @param recipients  where it goes (or went)
     * @param sentAt      when the relay accepted it (the latest send), or null
     * @param bouncedAt   when a delivery report returned it, or null
     * @param bounceReason the address and the remote server's reason, or null
     * @param lastError   why it could not be sent, for a FAILED one
     */
    public record Delivery(long mailId, OutboxStatus status, String recipients, OffsetDateTime queuedAt,
                           OffsetDateTime sentAt, OffsetDateTime bouncedAt, String bounceReason, String lastError) {
    }

    private static final RowMapper<Delivery> ROWS = (rs, n) -> new Delivery(rs.getLong("id"),
            OutboxStatus.valueOf(rs.getString("status")), rs.getString("recipients"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class),
            rs.getObject("bounced_at", OffsetDateTime.class), rs.getString("bounce_reason"),
            rs.getString("last_error"));

    private final JdbcClient jdbc;

    InvoiceDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The invoice's emails, oldest first. */
    public List<Delivery> ofInvoice(long invoiceId) {
        return jdbc.sql("""
                        SELECT id, status, recipients, created_at, sent_at, bounced_at, bounce_reason, last_error
                        FROM mail_outbox WHERE invoice_id = :i AND kind = :kind ORDER BY id""")
                .param("i", invoiceId).param("kind", MailKind.INVOICE.name())
                .query(ROWS).list();
    }

    /** Each of these invoices' email status (the latest email's), for a list; invoices without one are absent. */
    public Map<Long, OutboxStatus> statusOf(Collection<Long> invoiceIds) {
        Map<Long, OutboxStatus> status = new HashMap<>();
        if (!invoiceIds.isEmpty()) {
            jdbc.sql("SELECT invoice_id, status FROM mail_outbox WHERE invoice_id IN (:ids) AND kind = :kind"
                            + " ORDER BY id")
                    .param("ids", invoiceIds).param("kind", MailKind.INVOICE.name())
                    .query(rs -> {
                        status.put(rs.getLong(1), OutboxStatus.valueOf(rs.getString(2)));
                    });
        }
        return status;
    }
}
