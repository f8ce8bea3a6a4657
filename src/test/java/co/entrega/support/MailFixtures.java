package co.entrega.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The inbound messages in {@code src/test/resources/mail}: bounces, a delay notice, automatic replies, malformed
 * reports (its README.md says where each came from). Each answers the message with Message-ID {@link #MESSAGE_ID}
 * sent to {@link #RECIPIENT}; {@link #pointedAt} makes it answer a test's own outbox message instead, every other
 * byte unchanged.
 */
public final class MailFixtures {

    public static final String MESSAGE_ID = "<entrega.invoice.42@intertec.co>";
    public static final String RECIPIENT = "cliente@example.co";

    private MailFixtures() {
    }

    /** The fixture's bytes as on the wire (CRLF line ends). */
    public static byte[] bytes(String name) {
        try (InputStream in = MailFixtures.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No mail fixture " + name + " in src/test/resources/mail");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture answering another message: every {@link #MESSAGE_ID} (with or without its angle brackets) becomes
     * {@code messageId}, every {@link #RECIPIENT} becomes {@code recipient}. Human text that names the recipient's
     * local part alone ("cliente wasn't found at example.co") stays as it is.
     */
    public static byte[] pointedAt(String name, String messageId, String recipient) {
        // ISO-8859-1 maps each byte to one char and back: the 8-bit UTF-8 text around the replacements is kept intact.
        String text = new String(bytes(name), StandardCharsets.ISO_8859_1)
                .replace(bare(MESSAGE_ID), bare(messageId))
                .replace(RECIPIENT, recipient);
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static MimeMessage parse(byte[] rfc822) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(rfc822));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Not an RFC 822 message", e);
        }
    }

    private static String bare(String messageId) {
        return messageId.startsWith("<") && messageId.endsWith(">")
                ? messageId.substring(1, messageId.length() - 1) : messageId;
    }
}
