package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import co.entrega.support.EntregaIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The SMTP server is down when the emails are due: they are retried, and delivered once it is back, each once. */
@EntregaIntegrationTest
@DirtiesContext
class SmtpOutageTest {

    static final int PORT = freePort();
    static GreenMail smtp;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PORT);
    }

    @AfterAll
    static void stop() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void emailsQueuedWhileSmtpIsDownAreDeliveredOnceItIsBack() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingest(fixture.invoiceFor(31001, "855666777", "compras@outage.co"));

        // Nothing listens on the port: connection refused, retried with backoff.
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outbox().stream()
                .anyMatch(row -> ((Number) row.get("attempts")).intValue() >= 2));
        assertThat(fixture.outboxCount("SENT")).isZero();
        assertThat(fixture.outbox()).allSatisfy(row -> assertThat(row.get("status")).isIn("PENDING", "SENDING"));

        smtp = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.outboxCount("SENT") == 3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == 3);
        for (Map<String, Object> row : fixture.outbox()) {
            assertThat((String) row.get("last_error")).isNull();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
