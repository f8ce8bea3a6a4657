package co.entrega.notification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.mail.internet.MimeMessage;

/**
 * A message ready for SMTP, its text and HTML as kept in the outbox (secrets masked), and a temporary attachment to
 * delete.
 */
record ComposedMail(MimeMessage message, String subject, String maskedText, String maskedHtml,
                    Path temporaryAttachment)
        implements AutoCloseable {

    @Override
    public void close() throws IOException {
        if (temporaryAttachment != null) {
            Files.deleteIfExists(temporaryAttachment);
        }
    }
}
