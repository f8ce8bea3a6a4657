package co.entrega.notification;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import co.entrega.customers.CustomerRepository;
import co.entrega.provisioning.Accounts;
import co.entrega.provisioning.OnboardingProperties;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the operators' console reads and does with the mail outbox. */
@Service
public class OutboxAdmin {

    /** An email as the console lists it. */
    public record Listed(long id, MailKind kind, OutboxStatus status, String recipients, String subject, int attempts,
                         String lastError, OffsetDateTime createdAt, OffsetDateTime sentAt, Long customerId,
                         Long invoiceId, String bounceReason) {
    }

    /** One email as it was sent (text and HTML parts, secrets masked), with its delivery state. */
    public record Message(long id, MailKind kind, OutboxStatus status, String recipients, String subject, int attempts,
                          String lastError, OffsetDateTime createdAt, OffsetDateTime sentAt,
                          OffsetDateTime nextAttemptAt, String messageId, String bodyText, String bodyHtml,
                          Long customerId, OffsetDateTime bouncedAt, String bounceReason) {
    }

    private static final String LISTED = "id, kind, status, recipients, subject, attempts, last_error, created_at, "
            + "sent_at, customer_id, invoice_id, bounce_reason";
    private static final RowMapper<Listed> LISTED_ROWS = (rs, n) -> new Listed(rs.getLong("id"),
            MailKind.valueOf(rs.getString("kind")), OutboxStatus.valueOf(rs.getString("status")),
            rs.getString("recipients"), rs.getString("subject"), rs.getInt("attempts"), rs.getString("last_error"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class),
            rs.getObject("customer_id", Long.class), rs.getObject("invoice_id", Long.class),
            rs.getString("bounce_reason"));
    private static final List<OutboxStatus> UNSENT = List.of(OutboxStatus.PENDING, OutboxStatus.FAILED);
    private static final List<String> RESENDABLE = Arrays.stream(OutboxStatus.values())
            .filter(OutboxStatus::resendable).map(Enum::name).toList();
    private static final List<String> CREDENTIALS = List.of(MailKind.ACTIVATION.name(), MailKind.PASSWORD.name());

    private final JdbcClient jdbc;
    private final MailOutbox outbox;
    private final OnboardingProperties onboarding;
    private final CustomerRepository customers;
    private final Accounts accounts;
    private final AccountRecipient.Finder recipients;

    OutboxAdmin(JdbcClient jdbc, MailOutbox outbox, OnboardingProperties onboarding, CustomerRepository customers,
                Accounts accounts, AccountRecipient.Finder recipients) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.onboarding = onboarding;
        this.customers = customers;
        this.accounts = accounts;
        this.recipients = recipients;
    }

    /** The customer's emails not sent yet go to this address (a mistyped one is the usual reason it changed). */
    public int readdressUnsent(long customerId, String recipients) {
        return jdbc.sql("UPDATE mail_outbox SET recipients = :r WHERE customer_id = :c AND status IN (:unsent)")
                .param("r", recipients)
                .param("c", customerId)
                .param("unsent", names(UNSENT))
                .update();
    }

    /** Newest first; an empty status or kind matches all. */
    public List<Listed> list(Optional<OutboxStatus> status, Optional<MailKind> kind, int limit, int offset) {
        return jdbc.sql("SELECT " + LISTED + " FROM mail_outbox WHERE (:status = '' OR status = :status)"
                        + " AND (:kind = '' OR kind = :kind) ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("status", status.map(Enum::name).orElse(""))
                .param("kind", kind.map(Enum::name).orElse(""))
                .param("limit", limit)
                .param("offset", offset)
                .query(LISTED_ROWS).list();
    }

    public long count(Optional<OutboxStatus> status, Optional<MailKind> kind) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE (:status = '' OR status = :status)"
                        + " AND (:kind = '' OR kind = :kind)")
                .param("status", status.map(Enum::name).orElse(""))
                .param("kind", kind.map(Enum::name).orElse(""))
                .query(Long.class).single();
    }

    /** The customer's emails, newest first. */
    public List<Listed> ofCustomer(long customerId, int limit) {
        return jdbc.sql("SELECT " + LISTED + " FROM mail_outbox WHERE customer_id = :c ORDER BY id DESC LIMIT :limit")
                .param("c", customerId)
                .param("limit", limit)
                .query(LISTED_ROWS).list();
    }

    public Optional<Message> find(long id) {
        return jdbc.sql("""
                        SELECT id, kind, status, recipients, subject, attempts, last_error, created_at, sent_at,
                               next_attempt_at, message_id, body_text, body_html, customer_id, bounced_at,
                               bounce_reason
                        FROM mail_outbox WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new Message(rs.getLong("id"), MailKind.valueOf(rs.getString("kind")),
                        OutboxStatus.valueOf(rs.getString("status")), rs.getString("recipients"),
                        rs.getString("subject"), rs.getInt("attempts"), rs.getString("last_error"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class),
                        rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("message_id"),
                        rs.getString("body_text"), rs.getString("body_html"), rs.getObject("customer_id", Long.class),
                        rs.getObject("bounced_at", OffsetDateTime.class), rs.getString("bounce_reason")))
                .optional();
    }

    /**
     * A FAILED or BOUNCED message goes back to PENDING, due now, with a fresh attempt count, addressed to the customer's email on
     * record now (an operator who fixed a mistyped address resends to the right one). @return false if not FAILED
     * or BOUNCED
     */
    @Transactional
    public boolean resend(long id) {
        return resend(jdbc.sql("SELECT id, customer_id, account_id, kind FROM mail_outbox WHERE id = :id"
                        + " AND status IN (:resendable)")
                .param("id", id).param("resendable", RESENDABLE)
                .query(Failed.ROWS).list()) == 1;
    }

    /** The customer's BOUNCED emails. */
    public long countBounced(long customerId) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE customer_id = :c AND status = :b")
                .param("c", customerId).param("b", OutboxStatus.BOUNCED.name())
                .query(Long.class).single();
    }

    /** The customer's BOUNCED emails back to PENDING, to the address on record now (fixed since). @return how many */
    @Transactional
    public int resendBounced(long customerId) {
        return resend(jdbc.sql("SELECT id, customer_id, account_id, kind FROM mail_outbox WHERE customer_id = :c"
                        + " AND status = :b")
                .param("c", customerId).param("b", OutboxStatus.BOUNCED.name())
                .query(Failed.ROWS).list());
    }

    /** Every FAILED message back to PENDING (to the addresses on record now). @return how many */
    @Transactional
    public int resendAllFailed() {
        return resend(jdbc.sql("SELECT id, customer_id, account_id, kind FROM mail_outbox WHERE status = :f")
                .param("f", OutboxStatus.FAILED.name())
                .query(Failed.ROWS).list());
    }

    private record Failed(long id, Long customerId, Long accountId, MailKind kind) {
        static final RowMapper<Failed> ROWS = (rs, n) -> new Failed(rs.getLong(1), rs.getObject(2, Long.class),
                rs.getObject(3, Long.class), MailKind.valueOf(rs.getString(4)));

        /** An activation or password email: it carries credentials. */
        boolean credentials() {
            return accountId != null && (kind == MailKind.ACTIVATION || kind == MailKind.PASSWORD);
        }
    }

    /**
     * A FAILED activation or password email of an account whose customer has chosen a password since (through a reset,
     * or a later pair) must not go out: sending it would replace that password with a temporary one. It ends
     * SUPERSEDED; the others go back to PENDING.
     */
    private int resend(List<Failed> failed) {
        Set<Long> chose = accounts.withChosenPassword(failed.stream().filter(Failed::credentials)
                .map(Failed::accountId).distinct().toList());
        Map<Long, String> emails = customers.emailsOf(failed.stream().map(Failed::customerId)
                .filter(Objects::nonNull).distinct().toList());
        List<Long> superseded = new ArrayList<>();
        // Grouped by the address they go to now: one statement per address, not per email.
        Map<Optional<String>, List<Long>> byAddress = new HashMap<>();
        for (Failed f : failed) {
            if (f.credentials() && chose.contains(f.accountId())) {
                superseded.add(f.id());
            } else {
                byAddress.computeIfAbsent(Optional.ofNullable(emails.get(f.customerId())), a -> new ArrayList<>())
                        .add(f.id());
            }
        }
        for (List<Long> ids : batches(superseded)) {
            jdbc.sql("UPDATE mail_outbox SET status = :superseded, last_error = :why WHERE id IN (:ids)"
                            + " AND status IN (:resendable)")
                    .param("superseded", OutboxStatus.SUPERSEDED.name())
                    .param("why", "No reenviado: el cliente ya eligió su contraseña")
                    .param("ids", ids).param("resendable", RESENDABLE)
                    .update();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int resent = 0;
        for (Map.Entry<Optional<String>, List<Long>> group : byAddress.entrySet()) {
            for (List<Long> ids : batches(group.getValue())) {
                resent += jdbc.sql("""
                                UPDATE mail_outbox SET status = :pending, attempts = 0, next_attempt_at = :now,
                                       claimed_at = NULL, recipients = COALESCE(:email, recipients)
                                WHERE id IN (:ids) AND status IN (:resendable)""")
                        .param("pending", OutboxStatus.PENDING.name())
                        .param("now", now)
                        .param("email", group.getKey().orElse(null), Types.VARCHAR)
                        .param("ids", ids).param("resendable", RESENDABLE)
                        .update();
            }
        }
        return resent;
    }

    private static List<List<Long>> batches(List<Long> ids) {
        List<List<Long>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            batches.add(ids.subList(from, Math.min(ids.size(), from + 1000)));
        }
        return batches;
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
        AccountRecipient recipient = recipients.of(accountId)
                .orElseThrow(() -> new IllegalStateException("the customer has no email on record"));
        jdbc.sql("""
                UPDATE mail_outbox SET status = :superseded, last_error = 'Reemplazado: credenciales reemitidas'
                WHERE account_id = :a AND kind IN (:credentials) AND status IN (:unsent)""")
                .param("superseded", OutboxStatus.SUPERSEDED.name())
                .param("a", accountId)
                .param("credentials", CREDENTIALS)
                .param("unsent", names(List.of(OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)))
                .update();
        outbox.queue(MailKind.ACTIVATION, "activation:account:" + accountId + ":reissue:" + reissue,
                recipient.customerId(), accountId, null, recipient.email());
        if (onboarding.mode() == OnboardingProperties.Mode.PASSWORD_EMAIL) {
            outbox.queue(MailKind.PASSWORD, "password:account:" + accountId + ":reissue:" + reissue,
                    recipient.customerId(), accountId, null, recipient.email());
        }
    }

    private static List<String> names(List<OutboxStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }
}
