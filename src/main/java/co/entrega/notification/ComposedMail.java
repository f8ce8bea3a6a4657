package co.entrega.notification;

import jakarta.mail.internet.MimeMessage;

/** A message ready for SMTP, and its text and HTML as kept in the outbox (secrets masked). */
record ComposedMail(MimeMessage message, String subject, String maskedText, String maskedHtml) {
}
