package co.entrega.notification;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import co.entrega.provisioning.OnboardingProperties;

/**
 * What the operators' console does with the outbox: list and read messages (as stored: secrets masked), resend
 * FAILED ones, and queue a customer's credential emails again after their credentials were reissued.
 */
@Service
public class OutboxAdmin {

    private final JdbcClient jdbc;
    private final MailOutbox outbox;
    private final OnboardingProperties onboarding;

    OutboxAdmin(JdbcClient jdbc, MailOutbox outbox, OnboardingProperties onboarding) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.onboarding = onboarding;
    }

    /** The customer's emails not sent yet go to this address (a mistyped one is the usual reason it changed). */
    public int readdressUnsent(long customerId, String recipients) {
        return jdbc.sql("UPDATE mail_outbox SET recipients = :r WHERE customer_id = :c AND status IN ('PENDING', 'FAILED')")
                .param("r", recipients)
                .param("c", customerId)
                .update();
    }

    /** Newest first; a blank status or kind matches all. */
    public List<Map<String, Object>> list(String status, String kind, int limit, int offset) {
        return jdbc.sql("""
                        SELECT id, kind, status, recipients, subject, attempts, last_error, created_at, sent_at, customer_id,
                               invoice_id
                        FROM mail_outbox WHERE (:status = '' OR status = :status) AND (:kind = '' OR kind = :kind)
                        ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .param("status", status == null ? "" : status)
                .param("kind", kind == null ? "" : kind)
                .param("limit", limit)
                .param("offset", offset)
                .query().listOfRows();
    }

    public long count(String status, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE (:status = '' OR status = :status) AND (:kind = '' OR kind = :kind)")
                .param("status", status == null ? "" : status)
                .param("kind", kind == null ? "" : kind)
                .query(Long.class).single();
    }

    /** One message as it was sent (text part, secrets masked), with its delivery state. */
    public Optional<Map<String, Object>> find(long id) {
        return jdbc.sql("SELECT * FROM mail_outbox WHERE id = :id").param("id", id).query().listOfRows().stream().findFirst();
    }

    /**
     * A FAILED message goes back to PENDING, due now, with a fresh attempt count, addressed to the customer's email on
     * record now (an operator who fixed a mistyped address resends to the right one). @return false if not FAILED
     */
    public boolean resend(long id) {
        supersedeStaleCredentials("id = :id", id);
        return jdbc.sql("""
                        UPDATE mail_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now, claimed_at = NULL,
                               recipients = COALESCE((SELECT c.email FROM customers c WHERE c.id = mail_outbox.customer_id),
                                                     recipients)
                        WHERE id = :id AND COALESCE(status, '') = 'FAILED'""")
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .param("id", id)
                .update() == 1;
    }

    /** Every FAILED message back to PENDING (to the addresses on record now). @return how many */
    public int resendAllFailed() {
        supersedeStaleCredentials("1 = 1", null);
        return jdbc.sql("""
                        UPDATE mail_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now, claimed_at = NULL,
                               recipients = COALESCE((SELECT c.email FROM customers c WHERE c.id = mail_outbox.customer_id),
                                                     recipients)
                        WHERE status = 'FAILED'""")
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    /**
     * A FAILED activation or password email of an account whose customer has chosen a password since (through a reset,
     * or a later pair) must not go out: sending it would replace that password with a temporary one. It ends SUPERSEDED.
     */
    private void supersedeStaleCredentials(String which, Long id) {
        // (Text blocks drop trailing spaces: the condition is joined with explicit ones.)
        var statement = jdbc.sql("UPDATE mail_outbox SET status = 'SUPERSEDED', "
                + "last_error = 'No reenviado: el cliente ya eligió su contraseña' "
                + "WHERE status = 'FAILED' AND kind IN ('ACTIVATION', 'PASSWORD') AND " + which + " "
                + "AND EXISTS (SELECT 1 FROM portal_accounts a WHERE a.id = mail_outbox.account_id "
                + "AND a.password_changed_at IS NOT NULL)");
        (id == null ? statement : statement.param("id", id)).update();
    }

    /**
     * Queues the credential emails of a reissue (the one allowed exception to "each email once"): the earlier
     * credential emails not yet sent are SUPERSEDED (they would carry credentials that no longer work), then a new
     * activation email and, in password-email mode, a new password email. Their secrets are made when they are sent.
     *
     * @param reissue what makes these emails unique (the reissue's time), part of their dedup keys
     */
    @Transactional
    public void queueReissuedCredentials(long accountId, String reissue) {
        record Recipient(long customerId, String email) {
        }
        Recipient recipient = jdbc.sql("""
                        SELECT c.id, c.email FROM portal_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = :id""")
                .param("id", accountId)
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2)))
                .optional()
                .filter(r -> r.email() != null && !r.email().isBlank())
                .orElseThrow(() -> new IllegalStateException("the customer has no email on record"));
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'SUPERSEDED', last_error = 'Reemplazado: credenciales reemitidas'
                WHERE account_id = :a AND kind IN ('ACTIVATION', 'PASSWORD') AND status IN ('PENDING', 'SENDING', 'FAILED')""")
                .param("a", accountId)
                .update();
        outbox.queue(MailKind.ACTIVATION, "activation:account:" + accountId + ":reissue:" + reissue,
                recipient.customerId(), accountId, null, recipient.email());
        if (onboarding.mode() == OnboardingProperties.Mode.PASSWORD_EMAIL) {
            outbox.queue(MailKind.PASSWORD, "password:account:" + accountId + ":reissue:" + reissue,
                    recipient.customerId(), accountId, null, recipient.email());
        }
    }
}
