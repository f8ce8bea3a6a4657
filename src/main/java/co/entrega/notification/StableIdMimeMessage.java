package co.entrega.notification;

import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MimeMessage whose Message-ID comes from its outbox row instead of being invented at each send, so a message
 * sent twice (a crash between the SMTP send and the status update) carries the same id both times. It also tells
 * whether its content has started to go out: SMTP writes it only after the relay's 354 to DATA, and the relay
 * cannot accept a message before its end, so a send that failed before that delivered nothing. Once the relay has
 * accepted it, it carries the relay's receipt (see {@link RelayReceipt}) back to the outbox, through Camel, which
 * sends this very object.
 */
class StableIdMimeMessage extends MimeMessage {

    private final String messageId;
    private volatile boolean contentWritten;
    private volatile RelayReceipt receipt;

    StableIdMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        contentWritten = true;
        super.writeTo(out, ignoreList);
    }

    /** Whether the content was written since {@link #forgetContentWritten()} (or since it was built). */
    boolean contentWritten() {
        return contentWritten;
    }

    void forgetContentWritten() {
        contentWritten = false;
    }

    /** What the relay answered when it accepted this message; null until then. */
    RelayReceipt receipt() {
        return receipt;
    }

    void accepted(RelayReceipt receipt) {
        this.receipt = receipt;
    }

    /**
     * The relay's acceptance of a message: when, its final reply to DATA ({@code 250 2.0.0 Ok: queued as …}; null
     * from a transport that does not tell it) and the envelope recipients it was given.
     */
    record RelayReceipt(OffsetDateTime acceptedAt, String reply, String recipients) {
    }
}
