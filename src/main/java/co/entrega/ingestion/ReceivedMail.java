package co.entrega.ingestion;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a message read from the reception mailbox is, as far as its headers and MIME structure tell
 * ({@link ReceivedMailReader}); no database was asked.
 *
 * @param kind        what it is
 * @param messageId   its own Message-ID, or null
 * @param from        its From address, or null
 * @param subject     its subject, or an empty string
 * @param date        when the report says the delivery was attempted, else the message's Date, else null
 * @param recipients  for a delivery report: one entry per recipient it reports on
 * @param quotedIds   the Message-IDs of the email it is about, most reliable first: the returned message's own
 *                    header (a report's {@code message/rfc822} or {@code text/rfc822-headers} part, a receipt's
 *                    Original-Message-ID), then Message-IDs quoted in its text, then In-Reply-To and References
 * @param attachments for a message carrying documents: its XML and ZIP attachments, in order
 * @param ignored     the names of the attachments that are neither (a PDF beside the event, an image)
 * @param problem     for {@link Kind#MALFORMED_REPORT}: what could not be read
 */
record ReceivedMail(Kind kind, String messageId, String from, String subject, OffsetDateTime date,
                    List<Recipient> recipients, List<String> quotedIds, List<Attachment> attachments,
                    List<String> ignored, String problem) {

    enum Kind {
        /** A delivery status notification (RFC 3464), or a bounce in one of the common older text formats. */
        DELIVERY_REPORT,
        /** A multipart/report that says it is a delivery report but whose report cannot be read. */
        MALFORMED_REPORT,
        /** A message disposition notification (RFC 8098): the recipient's mail program says it was displayed. */
        READ_RECEIPT,
        /** An automatic reply (RFC 3834 Auto-Submitted, an out-of-office notice). */
        AUTO_REPLY,
        /** A message with XML or ZIP attachments: a buyer's electronic events, presumably. */
        DOCUMENTS,
        /** Larger than {@code entrega.mail.inbound.max-size}: only its headers are kept; it stays in the mailbox. */
        TOO_LARGE,
        /** Anything else: a person's message, which an operator has to read. */
        NOT_UNDERSTOOD
    }

    /**
     * One recipient of a delivery report.
     *
     * @param address    the Final-Recipient (or Original-Recipient, or the address a text bounce names), lower-cased
     * @param action     {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code expanded}
     * @param status     the enhanced status code, e.g. {@code 5.1.1}, or null
     * @param diagnostic the remote server's reply, or a description of the failure
     */
    record Recipient(String address, String action, String status, String diagnostic) {

        boolean failed() {
            return "failed".equalsIgnoreCase(action);
        }
    }

    /** An attachment, already in the document store. */
    record Attachment(String name, co.entrega.storage.StoredDocument stored) {
    }
}
