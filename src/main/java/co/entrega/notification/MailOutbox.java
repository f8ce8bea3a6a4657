package co.entrega.notification;

import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import co.entrega.cluster.ThisInstance;

/**
 * The mail outbox: every email is a row, written in the same transaction as the state change that caused it, and
 * unique by its dedup key, so queueing the same email twice (a rerun, a restart) is a no-op.
 */
@Repository
class MailOutbox {

    private static final String COLUMNS = "id, kind, customer_id, account_id, invoice_id, recipients, locale, attempts, message_id";
    private static final RowMapper<OutboxMessage> MAPPER = (rs, n) -> new OutboxMessage(rs.getLong("id"),
            MailKind.valueOf(rs.getString("kind")), rs.getLong("customer_id"),
            (Long) rs.getObject("account_id", Long.class), (Long) rs.getObject("invoice_id", Long.class),
            rs.getString("recipients"), Locale.forLanguageTag(rs.getString("locale")), rs.getInt("attempts"),
            rs.getString("message_id"));

    private final JdbcClient jdbc;
    private final MailDeliveryProperties mail;

    private final String instance;
    /**
     * A claim nobody is working on: by no registered instance (running, or stopped but not yet judged so), or by this
     * one but not among its sends in flight (a send whose outcome could not be recorded).
     */
    private static final String ABANDONED_CLAIM = "(claimed_by IS NULL OR NOT EXISTS (SELECT 1 FROM service_instances s"
            + " WHERE s.instance_id = claimed_by) OR (claimed_by = :me AND id NOT IN (:inFlight)))";

    MailOutbox(JdbcClient jdbc, MailDeliveryProperties mail, ThisInstance instance) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.instance = instance.id();
    }

    /** Queues an email unless one with this dedup key exists (ever). @return true if queued now */
    boolean queue(MailKind kind, String dedupKey, long customerId, Long accountId, Long invoiceId, String recipients) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE dedup_key = :k").param("k", dedupKey)
                .query(Long.class).single() > 0;
        if (exists) {
            return false;
        }
        OffsetDateTime now = now();
        jdbc.sql("""
                INSERT INTO mail_outbox (kind, dedup_key, customer_id, account_id, invoice_id, recipients, locale,
                                         status, attempts, next_attempt_at, message_id, created_at)
                VALUES (:kind, :key, :customer, :account, :invoice, :recipients, :locale,
                        'PENDING', 0, :now, :messageId, :now)""")
                .param("kind", kind.name())
                .param("key", dedupKey)
                .param("customer", customerId)
                .param("account", accountId, Types.BIGINT)
                .param("invoice", invoiceId, Types.BIGINT)
                .param("recipients", recipients)
                .param("locale", mail.defaultLocale().toLanguageTag())
                .param("messageId", messageId(dedupKey))
                .param("now", now)
                .update();
        return true;
    }

    /**
     * Claims up to {@code limit} due messages for this sender: SENDING by a sender that died, then PENDING and due,
     * longest due first. A customer's emails queued after their credential emails wait until those are sent, and a
     * password email waits for its activation email, so a new customer reads: activation, password, then invoices.
     */
    List<OutboxMessage> claimDue(int limit) {
        return claimDue(limit, Set.of());
    }

    /** Like {@link #claimDue(int)}, by a sender whose sends in flight are {@code inFlight} (ids). */
    List<OutboxMessage> claimDue(int limit, Set<Long> inFlight) {
        List<Long> busy = inFlight.isEmpty() ? List.of(-1L) : List.copyOf(inFlight);
        OffsetDateTime now = now();
        OffsetDateTime staleClaim = now.minus(mail.claimTimeout());
        // Two bounded reads, each walking ix_mail_outbox_due (status, next_attempt_at, id) in order and stopping at
        // the limit; not one with an OR, which both databases answered by reading and sorting the whole backlog on
        // every claim. Emails waiting out a retry delay are past :now in that order, so they are never walked.
        // A claim older than the timeout is taken only when nobody works on it: a live instance may be on a slow send
        // (taking it would send it twice), and an instance known to have stopped was released at once (see
        // StoppedInstanceMail).
        List<Long> stale = candidates("o.status = 'SENDING' AND o.claimed_at < :stale AND "
                + ABANDONED_CLAIM.replace("claimed_by", "o.claimed_by").replace(" id NOT IN", " o.id NOT IN"),
                now, staleClaim, limit, busy);
        List<Long> due = candidates("o.status = 'PENDING' AND o.next_attempt_at <= :now", now, staleClaim, limit,
                busy);
        List<Long> candidates = Stream.concat(stale.stream(), due.stream()).limit(limit).toList();
        return candidates.stream()
                .filter(id -> jdbc.sql("""
                        UPDATE mail_outbox SET status = 'SENDING', claimed_at = :now, claimed_by = :instance
                        WHERE id = :id AND ((status = 'PENDING' AND next_attempt_at <= :now)
                                            OR (status = 'SENDING' AND claimed_at < :stale AND\s""" + ABANDONED_CLAIM
                        + "))")
                        .param("now", now).param("stale", staleClaim).param("id", id)
                        .param("instance", instance).param("me", instance).param("inFlight", busy).update() == 1)
                .map(id -> jdbc.sql("SELECT " + COLUMNS + " FROM mail_outbox WHERE id = :id").param("id", id)
                        .query(MAPPER).single())
                .toList();
    }

    /**
     * Up to {@code limit} ids of emails matching {@code condition} (one status), longest due first, that may go now:
     * a customer's emails queued after their credential emails wait until those are sent, and a password email waits
     * for its own activation email (the last one queued before it: a reissue queues a new pair).
     */
    private List<Long> candidates(String condition, OffsetDateTime now, OffsetDateTime staleClaim, int limit,
                                  List<Long> inFlight) {
        return jdbc.sql(candidatesSql(condition))
                .paramSource(new MapSqlParameterSource()
                        .addValue("now", now).addValue("stale", staleClaim).addValue("limit", limit)
                        .addValue("me", instance).addValue("inFlight", inFlight))
                .query(Long.class)
                .list();
    }

    /**
     * The candidates query (also read by OutboxClaimScalingTest, which counts the rows H2 reads for it). It orders by
     * status too (one status: the same order) so that H2 sees the order of ix_mail_outbox_due and stops at the limit
     * instead of reading and sorting every match.
     */
    static String candidatesSql(String condition) {
        return "SELECT o.id FROM mail_outbox o WHERE " + condition + """
                  AND NOT EXISTS (
                        SELECT 1 FROM mail_outbox e WHERE e.customer_id = o.customer_id AND e.kind = 'ACTIVATION'
                          AND e.id < o.id AND e.status IN ('PENDING', 'SENDING'))
                  AND NOT EXISTS (
                        SELECT 1 FROM mail_outbox p WHERE p.customer_id = o.customer_id AND p.kind = 'PASSWORD'
                          AND p.id < o.id AND p.status IN ('PENDING', 'SENDING'))
                  AND NOT (o.kind = 'PASSWORD' AND EXISTS (
                        SELECT 1 FROM mail_outbox a WHERE a.account_id = o.account_id AND a.kind = 'ACTIVATION'
                          AND a.id < o.id AND a.status IN ('PENDING', 'SENDING', 'FAILED')
                          AND NOT EXISTS (SELECT 1 FROM mail_outbox b WHERE b.account_id = o.account_id
                                            AND b.kind = 'ACTIVATION' AND b.id > a.id AND b.id < o.id)))
                ORDER BY o.status, o.next_attempt_at, o.id
                LIMIT :limit""";
    }

    /**
     * Marks the email SENT, and records its proof of delivery in the same statement, so that neither exists without the
     * other: when the relay accepted it (the receipt's time; now if the transport gave none), the addresses it took,
     * its reply, and for an invoice email what was attached.
     */
    void markSent(long id, ComposedMail mail, StableIdMimeMessage.RelayReceipt receipt) {
        DeliveredFiles files = mail.files();
        // A bounce can be read before the sender records its send (a relay that refuses at once, a slow database):
        // it stays BOUNCED
        jdbc.sql("""
                UPDATE mail_outbox SET status = CASE WHEN status = 'BOUNCED' THEN 'BOUNCED' ELSE 'SENT' END,
                                       sent_at = :sentAt, attempts = attempts + 1, last_error = NULL,
                                       subject = :subject, body_text = :body, body_html = :html,
                                       delivered_to = :deliveredTo, relay_reply = :reply,
                                       attachment_name = :attachmentName, attachment_size = :attachmentSize,
                                       attachment_sha256 = :attachmentSha256, xml_sha256 = :xmlSha256,
                                       pdf_sha256 = :pdfSha256, attachment_note = :note
                WHERE id = :id""")
                .param("sentAt", receipt == null ? now() : receipt.acceptedAt())
                .param("subject", truncate(mail.subject(), 1000)).param("body", mail.maskedText())
                .param("html", mail.maskedHtml())
                .param("deliveredTo", receipt == null ? null : truncate(receipt.recipients(), 1000), Types.VARCHAR)
                .param("reply", receipt == null ? null : truncate(receipt.reply(), 1000), Types.VARCHAR)
                .param("attachmentName", files == null ? null : files.attachmentName(), Types.VARCHAR)
                .param("attachmentSize", files == null ? null : files.attachmentSize(), Types.BIGINT)
                .param("attachmentSha256", files == null ? null : files.attachmentSha256(), Types.VARCHAR)
                .param("xmlSha256", files == null ? null : files.xmlSha256(), Types.VARCHAR)
                .param("pdfSha256", files == null ? null : files.pdfSha256(), Types.VARCHAR)
                .param("note", files == null ? null : truncate(files.note(), 1000), Types.VARCHAR)
                .param("id", id).update();
    }

    /** The outbox email with this Message-ID (as Entrega set it), for a delivery report about it. */
    java.util.Optional<Sent> findByMessageId(String messageId) {
        return jdbc.sql("SELECT id, kind, status, customer_id, invoice_id, recipients FROM mail_outbox"
                        + " WHERE message_id = :m")
                .param("m", messageId)
                .query((rs, n) -> new Sent(rs.getLong("id"), MailKind.valueOf(rs.getString("kind")),
                        OutboxStatus.valueOf(rs.getString("status")), rs.getLong("customer_id"),
                        rs.getObject("invoice_id", Long.class), rs.getString("recipients")))
                .optional();
    }

    record Sent(long id, MailKind kind, OutboxStatus status, long customerId, Long invoiceId, String recipients) {
    }

    /**
     * A sent email came back: BOUNCED, with the remote reason; one the sender has not recorded as sent yet too
     * (see markSent). @return whether it was SENT or SENDING, and is BOUNCED now
     */
    boolean markBounced(long id, OffsetDateTime at, String reason) {
        return jdbc.sql("""
                UPDATE mail_outbox SET status = 'BOUNCED', bounced_at = :at, bounce_reason = :reason
                WHERE id = :id AND status IN ('SENT', 'SENDING')""")
                .param("at", at).param("reason", truncate(reason, 2000)).param("id", id).update() == 1;
    }

    void markRetry(long id, int attempts, String error) {
        Duration delay = mail.firstRetryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (delay.compareTo(mail.maxRetryDelay()) > 0) {
            delay = mail.maxRetryDelay();
        }
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'PENDING', attempts = :attempts, next_attempt_at = :next,
                                       last_error = :error, claimed_at = NULL, claimed_by = NULL
                WHERE id = :id""")
                .param("attempts", attempts).param("next", now().plus(delay)).param("error", truncate(error, 2000))
                .param("id", id).update();
    }

    void markFailed(long id, int attempts, String error) {
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'FAILED', attempts = :attempts, last_error = :error, claimed_at = NULL,
                                       claimed_by = NULL
                WHERE id = :id""")
                .param("attempts", attempts).param("error", truncate(error, 2000)).param("id", id).update();
    }

    /** An email this instance claimed but will not send (it is stopping) goes back to the queue, due now. */
    void unclaim(long id) {
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'PENDING', next_attempt_at = :now, claimed_at = NULL, claimed_by = NULL
                WHERE id = :id AND COALESCE(status, '') = 'SENDING' AND COALESCE(claimed_by, '') = :instance""")
                .param("now", now()).param("id", id).param("instance", instance).update();
    }

    /**
     * The emails a stopped instance was sending go back to the queue, due now. Whether the relay had accepted one of
     * them before the process died cannot be known (SMTP has no two-phase commit): it goes again, with the same
     * Message-ID, which a receiving mail system may use to drop the copy. @return emails released
     */
    int releaseClaimsOf(String stoppedInstance) {
        return jdbc.sql("""
                UPDATE mail_outbox SET status = 'PENDING', next_attempt_at = :now, claimed_at = NULL, claimed_by = NULL,
                                       last_error = :error
                WHERE status = 'SENDING' AND claimed_by = :instance""")
                .param("now", now()).param("instance", stoppedInstance)
                .param("error", "En duda: el servicio que lo enviaba se detuvo durante el envío; se envía de nuevo")
                .update();
    }

    /** The password emails queued after this failed activation email (its pair), which cannot be used without it. */
    int failWaitingPassword(long activationId, long accountId, String reason) {
        return jdbc.sql("""
                UPDATE mail_outbox SET status = 'FAILED', last_error = :error
                WHERE account_id = :account AND kind = 'PASSWORD' AND status = 'PENDING' AND id > :activation
                  AND NOT EXISTS (SELECT 1 FROM mail_outbox b WHERE b.account_id = :account AND b.kind = 'ACTIVATION'
                                    AND b.id > :activation AND b.id < mail_outbox.id)""")
                .param("error", truncate(reason, 2000)).param("account", accountId).param("activation", activationId)
                .update();
    }

    private String messageId(String dedupKey) {
        String domain = mail.from().contains("@") ? mail.from().substring(mail.from().indexOf('@') + 1) : "entrega.local";
        return "<entrega." + dedupKey.replaceAll("[^A-Za-z0-9.-]", ".") + "@" + domain + ">";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
