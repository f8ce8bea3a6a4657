package co.entrega.notification;

/**
 * A message ready for SMTP, and its text and HTML as kept in the outbox (secrets masked); for an invoice email, what
 * it delivered ({@code files}, else null).
 */
record ComposedMail(StableIdMimeMessage message, String subject, String maskedText, String maskedHtml,
                    DeliveredFiles files) {
}
