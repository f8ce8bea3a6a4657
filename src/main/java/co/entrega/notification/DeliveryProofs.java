package co.entrega.notification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import co.entrega.ingestion.Invoices;

/**
 * The proof of delivery (constancia de entrega) of invoice emails, as the outbox recorded it when the relay took each
 * one (see {@link MailOutbox#markSent}), with the invoice it delivered and a bounce the reception mailbox read about
 * it since. What the console shows, prints as a PDF and lists per period (with the buyer's events, from
 * {@code evidence}).
 */
@Service
public class DeliveryProofs {

    /**
     * One invoice email's delivery.
     *
     * @param mailId           the outbox row
     * @param status           where the email stands
     * @param deliveredTo      the addresses the relay accepted it for (null until sent)
     * @param sentAt           when the relay accepted it (null until sent)
     * @param relayReply       the relay's final reply to DATA, e.g. {@code 250 2.0.0 Ok: queued as 4ZxY…}
     * @param messageId        the email's Message-ID
     * @param subject          the subject as sent (DIAN's format)
     * @param attachmentName   the ZIP attached (null: only the link went, and {@code attachmentNote} says why)
     * @param attachmentSize   its size in bytes
     * @param attachmentSha256 the SHA-256 of the ZIP as sent
     * @param xmlSha256        the SHA-256 of the XML, as put in the ZIP (or read for it)
     * @param pdfSha256        the SHA-256 of the PDF, likewise (null: the invoice has no PDF)
     * @param attachmentNote   why the ZIP was not attached, or null
     * @param bouncedAt        when a delivery report says it came back (of this send if BOUNCED, else of an earlier
     *                         copy, resent since), or null
     * @param bounceReason     the remote server's reason
     * @param invoice          the invoice delivered (null only if it was deleted)
     */
    public record DeliveryProof(long mailId, OutboxStatus status, String deliveredTo, OffsetDateTime sentAt,
                                String relayReply, String messageId, String subject, String attachmentName,
                                Long attachmentSize, String attachmentSha256, String xmlSha256, String pdfSha256,
                                String attachmentNote, OffsetDateTime bouncedAt, String bounceReason,
                                Invoices.Identity invoice) {

        /** Whether the relay accepted it: only then is there something to certify. */
        public boolean sent() {
            return sentAt != null;
        }

        /** Whether this send came back (a delivery report about it). */
        public boolean bounced() {
            return status == OutboxStatus.BOUNCED;
        }

        /** Whether an earlier copy came back and this one, resent since, has not (yet). */
        public boolean earlierCopyBounced() {
            return bouncedAt != null && !bounced();
        }
    }

    /** Rows read per query when listing a period: memory stays bounded whatever the period. */
    static final int PAGE = 500;

    private static final String COLUMNS = "id, status, invoice_id, delivered_to, sent_at, relay_reply, message_id,"
            + " subject, attachment_name, attachment_size, attachment_sha256, xml_sha256, pdf_sha256, attachment_note,"
            + " bounced_at, bounce_reason";
    private static final RowMapper<Row> ROWS = (rs, n) -> new Row(rs.getLong("id"),
            OutboxStatus.valueOf(rs.getString("status")), rs.getObject("invoice_id", Long.class),
            rs.getString("delivered_to"), rs.getObject("sent_at", OffsetDateTime.class), rs.getString("relay_reply"),
            rs.getString("message_id"), rs.getString("subject"), rs.getString("attachment_name"),
            rs.getObject("attachment_size", Long.class), rs.getString("attachment_sha256"), rs.getString("xml_sha256"),
            rs.getString("pdf_sha256"), rs.getString("attachment_note"),
            rs.getObject("bounced_at", OffsetDateTime.class), rs.getString("bounce_reason"));

    private final JdbcClient jdbc;
    private final Invoices invoices;

    DeliveryProofs(JdbcClient jdbc, Invoices invoices) {
        this.jdbc = jdbc;
        this.invoices = invoices;
    }

    /** The delivery of this email, if it is an invoice email (sent or not yet). */
    public Optional<DeliveryProof> ofMail(long mailId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mail_outbox WHERE id = :id AND kind = :invoice")
                .param("id", mailId).param("invoice", MailKind.INVOICE.name())
                .query(ROWS).optional()
                .map(row -> row.proof(row.invoiceId() == null ? Map.of()
                        : invoices.identities(List.of(row.invoiceId()))));
    }

    /**
     * Every invoice email the relay accepted in [{@code from}, {@code until}), oldest first, handed to {@code each}
     * as they are read, {@value #PAGE} at a time (keyset pages on {@code ix_mail_outbox_sent}: no transaction or
     * connection is held while the caller writes them out, and a caller can look up what it adds per page).
     */
    public void eachSent(Instant from, Instant until, Consumer<List<DeliveryProof>> each) {
        OffsetDateTime lastAt = OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
        long lastId = -1;
        OffsetDateTime end = OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
        while (true) {
            List<Row> page = jdbc.sql("SELECT " + COLUMNS + """
                             FROM mail_outbox
                            WHERE sent_at >= :lastAt AND sent_at < :until AND kind = :invoice
                              AND (sent_at > :lastAt OR id > :lastId)
                            ORDER BY sent_at, id
                            LIMIT :page""")
                    .param("lastAt", lastAt).param("until", end).param("invoice", MailKind.INVOICE.name())
                    .param("lastId", lastId).param("page", PAGE)
                    .query(ROWS).list();
            if (page.isEmpty()) {
                return;
            }
            List<Long> ids = new ArrayList<>();
            page.forEach(row -> {
                if (row.invoiceId() != null) {
                    ids.add(row.invoiceId());
                }
            });
            Map<Long, Invoices.Identity> identities = invoices.identities(ids);
            each.accept(page.stream().map(row -> row.proof(identities)).toList());
            if (page.size() < PAGE) {
                return;
            }
            Row last = page.get(page.size() - 1);
            lastAt = last.sentAt();
            lastId = last.id();
        }
    }

    private record Row(long id, OutboxStatus status, Long invoiceId, String deliveredTo, OffsetDateTime sentAt,
                       String relayReply, String messageId, String subject, String attachmentName,
                       Long attachmentSize, String attachmentSha256, String xmlSha256, String pdfSha256,
                       String attachmentNote, OffsetDateTime bouncedAt, String bounceReason) {

        DeliveryProof proof(Map<Long, Invoices.Identity> identities) {
            return new DeliveryProof(id, status, deliveredTo, sentAt, relayReply, messageId, subject, attachmentName,
                    attachmentSize, attachmentSha256, xmlSha256, pdfSha256, attachmentNote, bouncedAt, bounceReason,
                    invoiceId == null ? null : identities.get(invoiceId));
        }
    }
}
