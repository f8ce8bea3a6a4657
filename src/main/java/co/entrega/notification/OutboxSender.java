package co.entrega.notification;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import co.entrega.cluster.DedicatedThreads;

/**
 * Drains the mail outbox through Camel Mail. Called by the route {@code notification-send-mail}. A message is
 * claimed, composed (credentials issued and stored as hashes, committed), sent over SMTP, then marked SENT together
 * with its proof of delivery (the relay's reply, the addresses, the hashes of what was attached). A
 * crash between the SMTP send and that mark means the message is sent once more, with the same Message-ID, as soon
 * as the instance is known to have stopped (see co.entrega.cluster): at most one duplicate, never a loss.
 */
@Component("outboxSender")
@DependsOn("instanceRegistry") // stopped before the instance unregisters
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
    private final Semaphore free;
    private volatile boolean stopping;
    /** Ids of the messages this instance's senders are working on. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    OutboxSender(MailOutbox outbox, MailComposer composer, ProducerTemplate camel, TransactionTemplate transaction,
                 MailDeliveryProperties delivery, MailMetrics metrics, SmtpEndpoint smtpEndpoint) {
        this.outbox = outbox;
        this.composer = composer;
        this.camel = camel;
        this.transaction = transaction;
        this.delivery = delivery;
        this.metrics = metrics;
        this.smtpEndpoint = smtpEndpoint.uri();
        this.free = new Semaphore(delivery.senders());
        this.senders = DedicatedThreads.pool("mail-sender", delivery.senders());
    }

    /**
     * Sends every due message, {@code entrega.mail.senders} at a time: each SMTP send spends its time waiting on the
     * network, not on the CPU. A message is claimed only when a sender is free to take it, and each sender takes the
     * next as soon as it is done, so a slow relay answer or a message stuck until its timeout occupies one sender
     * and holds back nothing else. Messages that must go out in order (a customer's activation, then password, then
     * invoices) are never claimed together (see {@link MailOutbox#claimDue}).
     *
     * @return how many messages were handed to a sender in this round
     */
    public int sendDue() throws InterruptedException {
        int dispatched = 0;
        while (!stopping) {
            free.acquire(); // at least one sender free
            int slots = 1 + free.drainPermits();
            List<OutboxMessage> due;
            try {
                due = outbox.claimDue(Math.min(slots, delivery.batchSize()), inFlight);
            } catch (RuntimeException e) {
                free.release(slots);
                throw e;
            }
            free.release(slots - due.size());
            for (OutboxMessage message : due) {
                inFlight.add(message.id());
                try {
                    senders.execute(() -> {
                        try {
                            send(message);
                        } catch (RuntimeException e) {
                            // its outcome is not recorded: once no longer in flight, its claim is taken again after
                            // the claim timeout
                            log.error("Unexpected error sending {} email {}", message.kind(), message.id(), e);
                        } finally {
                            inFlight.remove(message.id());
                            free.release();
                        }
                    });
                } catch (RejectedExecutionException stopped) {
                    // the service is stopping: what was claimed and not handed to a sender goes back to the queue
                    inFlight.remove(message.id());
                    free.release();
                    outbox.unclaim(message.id());
                    continue;
                }
                dispatched++;
            }
            if (due.isEmpty()) {
                return dispatched;
            }
        }
        return dispatched;
    }

    /** A graceful stop lets the sends in flight finish and be recorded, so none of them is sent again later. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        senders.shutdown();
        if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
    }

    private boolean send(OutboxMessage message) {
        int attempts = message.attempts() + 1;
        ComposedMail mail;
        StableIdMimeMessage.RelayReceipt receipt;
        try {
            ComposedMail composed = transaction.execute(status -> compose(message));
            mail = composed;
            Exchange result = camel.send(smtpEndpoint, exchange -> exchange.getIn().setBody(composed.message()));
            if (result.getException() != null) {
                throw result.getException();
            }
            receipt = composed.message().receipt();
        } catch (Exception failure) {
            recordFailure(message, attempts, failure);
            return false;
        }
        // The relay has the message: record it, however long the database takes to answer (sending it again would be
        // a duplicate). Only a stop gives up; the claim is then left to whoever takes it over, and the email goes
        // once more with the same Message-ID.
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.markSent(message.id(), mail, receipt);
                break;
            } catch (RuntimeException notRecorded) {
                if (stopping) {
                    log.error("{} email {} was sent but could not be recorded as SENT before the stop; it will be"
                            + " sent again", message.kind(), message.id(), notRecorded);
                    return false;
                }
                log.warn("{} email {} was sent but not yet recorded as SENT (attempt {}): {}; trying again",
                        message.kind(), message.id(), attempt, notRecorded.toString());
                try {
                    Thread.sleep(Math.min(attempt, 5) * 1_000L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
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
