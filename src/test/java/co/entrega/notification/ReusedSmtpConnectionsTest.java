package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import co.entrega.support.CountingSmtpRelay;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.mock.env.MockEnvironment;

/**
 * The outbox's SMTP sender, configured as the service configures it, against a real relay on a socket: connections
 * are reused, a relay that closes them loses and duplicates nothing, a refused message leaves the others alone, and
 * a relay that stops reading cannot hold a sender forever.
 */
class ReusedSmtpConnectionsTest {

    private CountingSmtpRelay relay;
    private ReusedSmtpConnections sender;

    @AfterEach
    void close() throws Exception {
        if (sender != null) {
            sender.close();
        }
        relay.close();
    }

    @Test
    void manyEmailsGoOverOneConnection() throws Exception {
        relay = new CountingSmtpRelay();
        sender = sender(100, "5s", "20000");

        for (int i = 1; i <= 30; i++) {
            sender.send(message(i, "cliente" + i + "@example.co"));
        }

        assertThat(relay.accepted()).extracting(CountingSmtpRelay.Accepted::messageId).containsExactlyElementsOf(ids(30));
        assertThat(relay.connections()).isEqualTo(1);
    }

    @Test
    void aRelayClosingTheConnectionAfterKMessagesLosesNothingAndDuplicatesNothing() throws Exception {
        relay = new CountingSmtpRelay(Duration.ZERO, 3);
        sender = sender(100, "5s", "20000");

        for (int i = 1; i <= 10; i++) {
            sender.send(message(i, "cliente@example.co"));
        }

        assertThat(relay.accepted()).extracting(CountingSmtpRelay.Accepted::messageId).containsExactlyElementsOf(ids(10));
        assertThat(relay.connections()).isEqualTo(4);
    }

    @Test
    void messagesPerConnectionAreCapped() throws Exception {
        relay = new CountingSmtpRelay();
        sender = sender(4, "5s", "20000");

        for (int i = 1; i <= 10; i++) {
            sender.send(message(i, "cliente@example.co"));
        }

        assertThat(relay.accepted()).hasSize(10);
        assertThat(relay.connections()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.openConnections() == 1);
    }

    @Test
    void aRefusedMessageDoesNotAffectTheOthersOnTheSameConnection() throws Exception {
        relay = new CountingSmtpRelay().answerRcpt("lleno@example.co", "452 4.2.2 Mailbox full, try later");
        sender = sender(100, "5s", "20000");

        sender.send(message(1, "a@example.co"));
        Throwable refused = catchThrowable(() -> sender.send(message(2, "lleno@example.co")));
        sender.send(message(3, "b@example.co"));

        assertThat(refused).isNotNull();
        assertThat(DeliveryFailures.isTransient(refused)).as(DeliveryFailures.describe(refused)).isTrue();
        assertThat(relay.accepted()).extracting(CountingSmtpRelay.Accepted::recipient)
                .containsExactly("a@example.co", "b@example.co");
        assertThat(relay.connections()).isEqualTo(1);
    }

    @Test
    void aMessageThatMayHaveArrivedIsNeverSentAgainOnANewConnection() throws Exception {
        relay = new CountingSmtpRelay().dropAtEndOfData(2); // the second message is taken, its 250 never comes
        sender = sender(100, "5s", "20000");

        sender.send(message(1, "a@example.co"));
        Throwable inDoubt = catchThrowable(() -> sender.send(message(2, "a@example.co")));
        sender.send(message(3, "a@example.co"));

        assertThat(inDoubt).as("left to the outbox, which retries it later: 'en duda'").isNotNull();
        assertThat(DeliveryFailures.isTransient(inDoubt)).isTrue();
        assertThat(relay.accepted()).extracting(CountingSmtpRelay.Accepted::messageId)
                .containsExactlyElementsOf(ids(3));
    }

    @Test
    void idleConnectionsAreClosedAndAllAtShutdown() throws Exception {
        relay = new CountingSmtpRelay();
        sender = sender(100, "300ms", "20000");
        sender.send(message(1, "a@example.co"));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.openConnections() == 0);

        sender.send(message(2, "a@example.co"));
        assertThat(relay.openConnections()).isEqualTo(1);
        ReusedSmtpConnections stopping = sender;
        sender = null;
        stopping.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.openConnections() == 0);
        assertThat(relay.accepted()).hasSize(2);
    }

    @Test
    void aRelayThatStopsReadingCannotHoldASenderForever() throws Exception {
        relay = new CountingSmtpRelay().stopReadingAtData();
        sender = sender(100, "5s", "1000");
        MimeMessage large = message(1, "a@example.co");
        MimeMessageHelper helper = new MimeMessageHelper(large, true, "UTF-8");
        helper.setText("Factura adjunta.");
        byte[] zip = new byte[8 * 1024 * 1024]; // more than the socket buffers on both ends hold
        new java.util.Random(1).nextBytes(zip);
        helper.addAttachment("z.zip", new ByteArrayDataSource(zip, "application/zip"));

        Throwable failure = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> catchThrowable(() -> sender.send(large)));

        assertThat(failure).isNotNull();
        assertThat(DeliveryFailures.isTransient(failure)).as(DeliveryFailures.describe(failure)).isTrue();
    }

    /** Built by SmtpEndpoint from the service's own properties, as at start-up. */
    private ReusedSmtpConnections sender(int messagesPerConnection, String idleTimeout, String smtpTimeout) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.mail.host", "127.0.0.1")
                .withProperty("spring.mail.port", Integer.toString(relay.port()))
                .withProperty("entrega.mail.smtp-timeout", smtpTimeout)
                .withProperty("entrega.mail.from", "facturacion@intertec.example")
                .withProperty("entrega.mail.messages-per-connection", Integer.toString(messagesPerConnection))
                .withProperty("entrega.mail.connection-idle-timeout", idleTimeout);
        MailDeliveryProperties delivery = Binder.get(environment).bindOrCreate("entrega.mail",
                MailDeliveryProperties.class);
        return SmtpEndpoint.smtpConnections(environment, null, delivery);
    }

    private MimeMessage message(int n, String to) throws Exception {
        StableIdMimeMessage message = new StableIdMimeMessage(sender.getSession(), id(n));
        message.setFrom(new InternetAddress("facturacion@intertec.example"));
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject("Factura " + n, "UTF-8");
        message.setText("Su factura " + n + " está disponible.", "UTF-8");
        return message;
    }

    private static String id(int n) {
        return String.format(Locale.ROOT, "<entrega.test.%d@intertec.example>", n);
    }

    private static List<String> ids(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(ReusedSmtpConnectionsTest::id).toList();
    }
}
