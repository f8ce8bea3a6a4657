package co.entrega.notification;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.entrega.cluster.DedicatedThreads;

/**
 * Camel Mail's sender for the outbox (endpoint option {@code javaMailSender}) that keeps SMTP connections open
 * between messages, where Camel's own connects, sends and quits for each one. A sender thread takes an idle
 * connection or opens one, sends, and puts it back: never more connections than sends at once, one per sender.
 * A connection is closed after {@code messagesPerConnection} messages (relays limit them, often to 100), when it has
 * been idle for {@code idleTimeout}, when it is found dead, and at shutdown.
 * <p>
 * A reused connection may have been closed by the relay meanwhile (its idle timeout, its own per-connection limit).
 * The send then fails; if the message's content had not started to go (see {@link StableIdMimeMessage}), the relay
 * cannot have accepted it, and it is sent once more on a new connection. Any other failure is the caller's, as with
 * Camel's sender: the outbox retries 4xx and connection failures, and fails 5xx.
 * <p>
 * This is also where the relay's reply to a message is known: Camel hands this sender the outbox's own
 * {@link StableIdMimeMessage}, and the transport that sent it still holds the reply to DATA. The connection puts it
 * on the message ({@link StableIdMimeMessage#accepted}) before the transport sends anything else.
 */
final class ReusedSmtpConnections extends DefaultJavaMailSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReusedSmtpConnections.class);

    private final int messagesPerConnection;
    private final long idleTimeoutNanos;
    private final Deque<Connection> idle = new ArrayDeque<>(); // guarded by itself; most recently used first
    private final ScheduledExecutorService closer;
    private volatile boolean closed;

    ReusedSmtpConnections(int messagesPerConnection, Duration idleTimeout) {
        this.messagesPerConnection = messagesPerConnection;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.closer = DedicatedThreads.scheduler("smtp-idle-closer");
        long period = Math.max(100, idleTimeout.toMillis() / 2);
        closer.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        prepare(message);
        Connection connection = take();
        try {
            connection.send(message);
        } catch (MessagingException failure) {
            if (connection.alive()) { // asked with RSET, which also clears the conversation for the next message
                throw failure;
            }
            connection.close();
            if (connection.sent == 0 || mayHaveArrived(message)) {
                throw failure;
            }
            log.debug("SMTP connection closed by the relay after {} messages ({}); sending on a new one",
                    connection.sent, failure.toString());
            connection = open();
            connection.sendOrClose(message);
        } catch (RuntimeException failure) {
            connection.close();
            throw failure;
        } finally {
            giveBack(connection);
        }
    }

    /** As Camel's sender does: a sent date, and the Message-ID kept through saveChanges. */
    private static void prepare(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }

    /** Whether the relay may have the message: its content started to go (unknown for another kind of message). */
    private static boolean mayHaveArrived(MimeMessage message) {
        return !(message instanceof StableIdMimeMessage stable) || stable.contentWritten();
    }

    private Connection take() throws MessagingException {
        synchronized (idle) {
            Connection connection = idle.pollFirst();
            if (connection != null) {
                return connection;
            }
        }
        return open();
    }

    private Connection open() throws MessagingException {
        if (closed) {
            throw new MessagingException("the mail sender is stopping");
        }
        Transport transport = getTransport(getSession());
        PasswordAuthentication credentials = getPasswordAuthentication();
        transport.connect(getHost(), getPort(), credentials.getUserName(), credentials.getPassword());
        return new Connection(transport);
    }

    private void giveBack(Connection connection) {
        if (!connection.open || closed || connection.sent >= messagesPerConnection) {
            connection.close();
            return;
        }
        connection.idleSince = System.nanoTime();
        synchronized (idle) {
            idle.addFirst(connection);
        }
        if (closed) { // closed meanwhile
            closeIdle(0);
        }
    }

    private void closeIdle() {
        closeIdle(idleTimeoutNanos);
    }

    private void closeIdle(long olderThanNanos) {
        List<Connection> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            idle.removeIf(connection -> now - connection.idleSince >= olderThanNanos && expired.add(connection));
        }
        expired.forEach(Connection::close);
    }

    /** Closes the idle connections now, and every other one as its send ends. */
    @Override
    public void close() {
        closed = true;
        closer.shutdownNow();
        closeIdle(0);
    }

    /** How many connections are open and idle (for tests). */
    int idleConnections() {
        synchronized (idle) {
            return idle.size();
        }
    }

    private static final class Connection {

        private final Transport transport;
        private int sent;
        private long idleSince;
        private boolean open = true;

        Connection(Transport transport) {
            this.transport = transport;
        }

        void send(MimeMessage message) throws MessagingException {
            if (message instanceof StableIdMimeMessage stable) {
                stable.forgetContentWritten();
            }
            Address[] recipients = message.getAllRecipients();
            transport.sendMessage(message, recipients);
            sent++;
            if (message instanceof StableIdMimeMessage stable) {
                stable.accepted(new StableIdMimeMessage.RelayReceipt(OffsetDateTime.now(ZoneOffset.UTC),
                        lastReply(transport), InternetAddress.toString(recipients)));
            }
        }

        /** The relay's final reply to DATA, the last one the transport read ({@code 250 2.0.0 Ok: queued as …}). */
        private static String lastReply(Transport transport) {
            if (transport instanceof SMTPTransport smtp) {
                String reply = smtp.getLastServerResponse();
                return reply == null ? null : reply.strip();
            }
            return null;
        }

        void sendOrClose(MimeMessage message) throws MessagingException {
            try {
                send(message);
            } catch (MessagingException | RuntimeException failure) {
                if (!alive()) {
                    close();
                }
                throw failure;
            }
        }

        /** Asks the relay (RSET, see mail.smtp.userset): false, and closed, if it does not answer. */
        boolean alive() {
            return transport.isConnected();
        }

        void close() {
            open = false;
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                log.debug("Closing an SMTP connection: {}", e.toString());
            }
        }
    }
}
