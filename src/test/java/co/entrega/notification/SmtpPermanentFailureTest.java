package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.ScriptedSmtpServer;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An SMTP relay that refuses the address with 550: the message ends FAILED with that reason, after one attempt. */
@EntregaIntegrationTest
@DirtiesContext
class SmtpPermanentFailureTest {

    static final ScriptedSmtpServer smtp = new ScriptedSmtpServer("550 5.1.1 <nadie@napa.co>: mailbox unavailable");

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", smtp::port);
    }

    @AfterAll
    static void stop() throws Exception {
        smtp.close();
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void a550EndsFailedWithTheServersReasonAndIsNotRetried() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingest(fixture.invoiceFor(30001, "844555666", "nadie@napa.co"));

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("FAILED") == 3);

        for (Map<String, Object> row : fixture.outbox()) {
            assertThat((String) row.get("last_error")).contains("550 5.1.1 <nadie@napa.co>: mailbox unavailable");
        }
        // Activation and invoice were each tried once; the password waited for the activation and failed with it.
        assertThat(fixture.outbox()).extracting(row -> row.get("kind") + ":" + row.get("attempts"))
                .containsExactly("ACTIVATION:1", "PASSWORD:0", "INVOICE:1");
        assertThat(smtp.refusals()).isEqualTo(2);
        assertThat(meters.get("entrega.mail.messages").tag("kind", "activation").tag("outcome", "failed")
                .counter().count()).isEqualTo(1.0);
    }
}
