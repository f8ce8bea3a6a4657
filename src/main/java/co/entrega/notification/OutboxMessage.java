package co.entrega.notification;

import java.util.Locale;

/** One outbox row, as the sender needs it. */
record OutboxMessage(long id, MailKind kind, long customerId, Long accountId, Long invoiceId, String recipients,
                     Locale locale, int attempts, String messageId) {
}
