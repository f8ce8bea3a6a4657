package co.entrega.notification;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import co.entrega.customers.CustomerRepository;
import co.entrega.ingestion.DeliveryReports;

/**
 * What the reception mailbox learns about the outbox's emails: a bounce makes the email BOUNCED with the remote reason
 * and marks the customer's address as bouncing; the console lists it beside the FAILED ones, to fix the address and
 * resend. Matched by the Message-ID the outbox set, which stays the same when an email is sent again.
 */
@Component
class OutboxBounces implements DeliveryReports {

    private final MailOutbox outbox;
    private final CustomerRepository customers;
    private final MailMetrics metrics;

    OutboxBounces(MailOutbox outbox, CustomerRepository customers, MailMetrics metrics) {
        this.outbox = outbox;
        this.customers = customers;
        this.metrics = metrics;
    }

    @Override
    public Outcome bounced(String messageId, String recipient, String status, String reason,
                           OffsetDateTime reportedAt) {
        Optional<MailOutbox.Sent> found = outbox.findByMessageId(normalized(messageId));
        if (found.isEmpty()) {
            return new Outcome(Result.UNKNOWN_MESSAGE, null, null);
        }
        MailOutbox.Sent sent = found.get();
        String said = recipient + (reason.isBlank() ? "" : " (" + reason + ")");
        if (!addressedTo(sent, recipient)) {
            // a late report about an address the email no longer goes to (it was fixed and the email sent again)
            return new Outcome(Result.NOTHING_TO_DO, sent.invoiceId(), "Rebote de " + said + " del correo "
                    + sent.id() + ", que ahora va a " + sent.recipients() + "; sin cambios");
        }
        if (!outbox.markBounced(sent.id(), reportedAt, said)) {
            return new Outcome(Result.NOTHING_TO_DO, sent.invoiceId(), "Rebote de " + said + " del correo "
                    + sent.id() + ", que está " + sent.status() + "; sin cambios");
        }
        customers.markBouncing(sent.customerId(), recipient, reason, reportedAt);
        countWhenCommitted(sent.kind());
        return new Outcome(Result.APPLIED, sent.invoiceId(), "Rebote de " + said + ": el correo " + sent.id()
                + " (" + sent.kind() + ") quedó " + OutboxStatus.BOUNCED);
    }

    @Override
    public Optional<Long> invoiceOf(String messageId) {
        return outbox.findByMessageId(normalized(messageId)).map(MailOutbox.Sent::invoiceId);
    }

    private static boolean addressedTo(MailOutbox.Sent sent, String recipient) {
        return sent.recipients() != null && Arrays.stream(sent.recipients().split("[,;]"))
                .map(address -> address.trim().toLowerCase(Locale.ROOT))
                .anyMatch(recipient.toLowerCase(Locale.ROOT)::equals);
    }

    /** The Message-ID as the outbox stores it: in angle brackets, without surrounding space. */
    static String normalized(String messageId) {
        String id = messageId.trim();
        return id.startsWith("<") ? id : "<" + id + ">";
    }

    private void countWhenCommitted(MailKind kind) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.count(kind, "bounced");
                }
            });
        } else {
            metrics.count(kind, "bounced");
        }
    }
}
