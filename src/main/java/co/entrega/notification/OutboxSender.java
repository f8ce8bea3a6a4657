package co.entrega.notification;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the mail outbox through Camel Mail. Called by the route {@code notification-send-mail}. A message is
 * claimed, composed (credentials issued and stored as hashes, committed), sent over SMTP, then marked SENT. A
 * crash between the SMTP send and that mark means the message is sent once more when its claim expires (the same
 * Message-ID; new credentials replace the first ones): at most one duplicate, never a loss.
 */
@Component("outboxSender")
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final MailOutbox outbox;
    private final MailComposer composer;
    private final ProducerTemplate camel;
    private final TransactionTemplate transaction;
    private final MailDeliveryProperties delivery;
    private final MailMetrics metrics;
    private final String smtpEndpoint;
    private final ExecutorService senders;
    private static final AtomicInteger SENDER_THREADS = new AtomicInteger();

    OutboxSender(MailOutbox outbox, MailComposer composer, ProducerTemplate camel, TransactionTemplate transaction,
                 MailDeliveryProperties delivery, MailMetrics metrics, SmtpEndpoint smtpEndpoint) {
        this.outbox = outbox;
        this.composer = composer;
        this.camel = camel;
        this.transaction = transaction;
        this.delivery = delivery;
        this.metrics = metrics;
        this.smtpEndpoint = smtpEndpoint.uri();
        this.senders = Executors.newFixedThreadPool(delivery.senders(), runnable -> {
            Thread thread = new Thread(runnable, "mail-sender-" + SENDER_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Sends every due message, {@code entrega.mail.senders} at a time: each SMTP send opens its own connection, so
     * the time goes into round trips, not CPU. A claimed batch never holds two messages that must go out in order
     * (see {@link MailOutbox#claimDue}), so its messages may be sent side by side.
     *
     * @return how many messages were sent in this round
     */
    public int sendDue() throws InterruptedException {
        int sent = 0;
        List<OutboxMessage> due;
        do {
            due = outbox.claimDue(delivery.batchSize());
            List<Callable<Boolean>> sends = due.stream().<Callable<Boolean>>map(message -> () -> send(message)).toList();
            for (Future<Boolean> result : senders.invokeAll(sends)) {
                sent += Boolean.TRUE.equals(done(result)) ? 1 : 0;
            }
        } while (due.size() == delivery.batchSize());
        return sent;
    }

    private static Boolean done(Future<Boolean> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            log.error("Unexpected error sending an email", e.getCause());
            return false;
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    private boolean send(OutboxMessage message) {
        int attempts = message.attempts() + 1;
        String subject;
        String maskedText;
        String maskedHtml;
        try (ComposedMail mail = transaction.execute(status -> compose(message))) {
            Exchange result = camel.send(smtpEndpoint, exchange -> exchange.getIn().setBody(mail.message()));
            if (result.getException() != null) {
                throw result.getException();
            }
            subject = mail.subject();
            maskedText = mail.maskedText();
            maskedHtml = mail.maskedHtml();
        } catch (Exception failure) {
            recordFailure(message, attempts, failure);
            return false;
        }
        try {
            outbox.markSent(message.id(), subject, maskedText, maskedHtml);
        } catch (RuntimeException notRecorded) {
            // The server has the message but the outbox does not know: it stays claimed and is sent once more when
            // the claim expires (same Message-ID). At most one duplicate, never a loss.
            log.error("{} email {} was sent but could not be recorded as SENT; it will be sent again after {}",
                    message.kind(), message.id(), delivery.claimTimeout(), notRecorded);
            return false;
        }
        metrics.count(message.kind(), "sent");
        log.info("Sent {} email {} to {}", message.kind(), message.id(), message.recipients());
        return true;
    }

    private void recordFailure(OutboxMessage message, int attempts, Exception failure) {
        String error = DeliveryFailures.describe(failure);
        if (DeliveryFailures.isTransient(failure) && attempts < delivery.maxAttempts()) {
            outbox.markRetry(message.id(), attempts, error);
            metrics.count(message.kind(), "retried");
            log.warn("{} email {} not sent (attempt {}), will retry: {}", message.kind(), message.id(), attempts,
                    error);
        } else {
            outbox.markFailed(message.id(), attempts, error);
            metrics.count(message.kind(), "failed");
            log.error("{} email {} FAILED after {} attempt(s): {}", message.kind(), message.id(), attempts, error);
            if (message.kind() == MailKind.ACTIVATION && message.accountId() != null) {
                // Without the access URL the password is useless: fail it visibly too rather than leave it waiting.
                int held = outbox.failWaitingPassword(message.id(), message.accountId(),
                        "No enviado: falló el correo de activación de la misma cuenta (" + error + ")");
                for (int i = 0; i < held; i++) {
                    metrics.count(MailKind.PASSWORD, "failed");
                }
            }
        }
    }

    private ComposedMail compose(OutboxMessage message) {
        try {
            return composer.compose(message);
        } catch (Exception e) {
            throw new IllegalStateException("cannot compose: " + e.getMessage(), e);
        }
    }
}
