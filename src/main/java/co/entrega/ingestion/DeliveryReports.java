package co.entrega.ingestion;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What the reception mailbox learns about the emails Entrega sent, handed to whoever sent them (the mail outbox,
 * which implements this): ingestion reads the mailbox but does not own the emails. Called inside the transaction that
 * decides the received message, so the message's record and what it changed commit together.
 */
public interface DeliveryReports {

    /**
     * A delivery status notification says an email could not be delivered to one of its recipients.
     *
     * @param messageId the Message-ID of the email that bounced, as the report quotes it (angle brackets or not)
     * @param recipient the address the report says failed, lower-cased
     * @param status    the enhanced status code (RFC 3463), e.g. {@code 5.1.1}, or null when the report gives none
     * @param reason    the remote server's reply (the report's Diagnostic-Code, or the bounce's text), never null
     * @param reportedAt when the report says it happened (its Arrival-Date or Date), or when it was read
     */
    Outcome bounced(String messageId, String recipient, String status, String reason, OffsetDateTime reportedAt);

    /** The invoice an email of Entrega's is about, by its Message-ID (an automatic reply quotes it). */
    Optional<Long> invoiceOf(String messageId);

    /** What a report changed, in words for the received message's record. */
    record Outcome(Result result, Long invoiceId, String detail) {
    }

    enum Result {
        /** The email is now marked bounced. */
        APPLIED,
        /** Already known (the same report again, or about an address the email no longer goes to): nothing changed. */
        NOTHING_TO_DO,
        /** No email of Entrega's has that Message-ID. */
        UNKNOWN_MESSAGE
    }
}
