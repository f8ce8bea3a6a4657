package co.entrega.ingestion;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.StoredDocument;

/**
 * The bean the route {@code ingestion-mailbox} hands every message of the reception mailbox to. The message is kept
 * as received (its RFC 5322 bytes, in the document store, as an inbound file {@code correo-<Message-ID>.eml}), then
 * decided like an inbox file (MailArrival); this returns, letting Camel mark the message read, only once that decision
 * is durable. A message read again (the process stopped before the mark) is the same file again: a duplicate.
 */
@Component("mailboxIntake")
public class MailboxIntake {

    private static final Logger log = LoggerFactory.getLogger(MailboxIntake.class);

    private final DocumentStore store;
    private final InboundFileProcessor processor;
    private final InboxDecisions decisions;
    private final long maxSize;

    MailboxIntake(DocumentStore store, InboundFileProcessor processor, InboxDecisions decisions,
                  MailboxProperties mailbox) {
        this.store = store;
        this.processor = processor;
        this.decisions = decisions;
        this.maxSize = mailbox.maxSize().toBytes();
    }

    public void accept(Exchange exchange) throws IOException, MessagingException, InterruptedException,
            InvalidPayloadException {
        Message message = exchange.getMessage().getMandatoryBody(Message.class);
        String source = URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointBaseUri());
        String name = fileName(message);
        Bounded raw = new Bounded(maxSize);
        PreparedFile prepared;
        try {
            message.writeTo(raw);
            StoredDocument stored = store.put(new ByteArrayInputStream(raw.toByteArray()));
            prepared = processor.prepare(new ReceivedFile(name, source, stored));
        } catch (Bounded.Exceeded tooLarge) {
            prepared = tooLarge(message, name, source);
        }
        log.info("Received mailbox message '{}' ({} bytes) from {}", name, prepared.received().stored().size(),
                source);
        decisions.decide(prepared);
    }

    /** Its headers are kept, and why the rest is not; the message itself stays in the mailbox. */
    private PreparedFile tooLarge(Message message, String name, String source)
            throws IOException, MessagingException {
        StringBuilder headers = new StringBuilder();
        if (message instanceof MimeMessage mime) {
            for (String line : Collections.list(mime.getAllHeaderLines())) {
                headers.append(line).append("\r\n");
            }
        }
        StoredDocument stored = store.put(new ByteArrayInputStream(headers.append("\r\n").toString()
                .getBytes(StandardCharsets.UTF_8)));
        ReceivedFile received = new ReceivedFile(name, source, stored);
        ReceivedMail mail = new ReceivedMail(ReceivedMail.Kind.TOO_LARGE, null, from(message), subject(message), null,
                List.of(), List.of(), List.of(),
                List.of(), "supera el tamaño máximo de " + maxSize + " bytes (entrega.mail.inbound.max-size)");
        return new PreparedFile(received, InboundFileType.EMAIL, null, null,
                new MailArrival.Contents(mail, List.of()), null);
    }

    /** The sender as written, or null when the header cannot be read: an unreadable header is no reason to fail. */
    private static String from(Message message) {
        try {
            return message.getFrom() == null || message.getFrom().length == 0 ? null : message.getFrom()[0].toString();
        } catch (MessagingException unreadable) {
            return null;
        }
    }

    private static String subject(Message message) {
        try {
            return message.getSubject() == null ? "" : message.getSubject();
        } catch (MessagingException unreadable) {
            return "";
        }
    }

    /** {@code correo-<Message-ID, made a safe label>.eml}: the same message read again gets the same name. */
    static String fileName(Message message) throws MessagingException {
        String id = message instanceof MimeMessage mime ? mime.getMessageID() : null;
        if (id == null || id.isBlank()) {
            return "correo-sin-message-id.eml";
        }
        String label = id.trim().replaceAll("^<|>$", "").replaceAll("[^A-Za-z0-9._@-]", "_").replace('@', '_');
        return "correo-" + (label.length() > 150 ? label.substring(0, 150) : label) + ".eml";
    }

    /** A buffer that refuses to grow past its bound: a message is held in memory once, never more than that. */
    private static final class Bounded extends ByteArrayOutputStream {

        private final long max;

        Bounded(long max) {
            super(64 * 1024);
            this.max = max;
        }

        @Override
        public void write(int b) {
            check(1);
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            check(len);
            super.write(b, off, len);
        }

        private void check(int more) {
            if (count + (long) more > max) {
                throw new Exceeded();
            }
        }

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super(null, null, false, false);
            }
        }
    }
}
