package co.entrega.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.MessageIDTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Dovecot harness itself: a real IMAP server the tests append to and read from with Jakarta Mail. */
class DovecotImapTest {

    /** A real Postfix bounce, as the reception mailbox receives it. */
    private static final byte[] BOUNCE = MailFixtures.bytes("postfix-dsn-user-unknown.eml");
    private static final String BOUNCE_ID = "<20261202015055.C49FF1600C0@mail.intertec.co>";

    private static DovecotImap dovecot;

    @BeforeAll
    static void start() throws IOException {
        dovecot = DovecotImap.start();
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void appendedMessageIsReadBackByteForByteAndMarkedSeen() throws Exception {
        DovecotImap.Account reception = dovecot.user("recepcion");
        long uid = dovecot.append("recepcion", BOUNCE);

        assertThat(uid).isPositive();
        assertThat(dovecot.flags("recepcion", BOUNCE_ID).contains(Flags.Flag.SEEN)).isFalse();
        try (Store store = dovecot.connect(reception)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(1);
            MimeMessage bounce = (MimeMessage) messages[0];
            assertThat(bounce.getMessageID()).isEqualTo(BOUNCE_ID);
            assertThat(bounce.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
            assertThat(bounce.isMimeType("multipart/report")).isTrue();
            assertThat(bounce.getSize()).isEqualTo(BOUNCE.length);
            // BODY.PEEK[]: the whole message as Dovecot stored it, without setting \Seen.
            byte[] stored = ((BODY) inbox.doCommand(protocol -> protocol.peekBody(1, null)))
                    .getByteArrayInputStream().readAllBytes();
            assertThat(stored).isEqualTo(BOUNCE);
            inbox.close(false);

            // What the inbound consumer does once it has processed a message.
            inbox.open(Folder.READ_WRITE);
            inbox.search(new MessageIDTerm(BOUNCE_ID))[0].setFlag(Flags.Flag.SEEN, true);
            inbox.close(false);
        }
        assertThat(dovecot.flags("recepcion", BOUNCE_ID).contains(Flags.Flag.SEEN)).isTrue();
    }

    @Test
    void usersAddedWhileRunningLogInAndWrongPasswordsAreRefused() throws Exception {
        DovecotImap.Account late = dovecot.user("tardio");
        try (Store store = dovecot.connect(late)) {
            assertThat(store.getFolder("INBOX").getMessageCount()).isZero();
        }
        assertThatThrownBy(() -> dovecot.connect(new DovecotImap.Account("tardio", "not-the-password")))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> dovecot.connect(new DovecotImap.Account("nadie", late.password())))
                .isInstanceOf(AuthenticationFailedException.class);
        // Each user has their own mailbox.
        dovecot.append("otro", BOUNCE);
        try (Store store = dovecot.connect(late)) {
            assertThat(store.getFolder("INBOX").getMessageCount()).isZero();
        }
        // Dovecot's log process writes a moment later.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(dovecot.log()).content().contains("Login: user=<tardio>"));
    }

    @Test
    void closeStopsTheServer() throws Exception {
        DovecotImap other = DovecotImap.start();
        int port = other.port();
        try (Store store = other.connect(other.user("recepcion"))) {
            assertThat(store.isConnected()).isTrue();
        }
        other.close();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(other.host(), port), 1000);
            }
        }).isInstanceOf(IOException.class);
    }
}
