package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.CountingSmtpRelay;
import co.entrega.support.EntregaIntegrationTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outbox sends over reused SMTP connections: far fewer connections than emails, even with a relay that closes
 * each connection after 4 messages; every email arrives exactly once, SENT, and each new customer reads activation,
 * password, then invoices.
 */
@EntregaIntegrationTest
@DirtiesContext
class OutboxConnectionReuseTest {

    private static final CountingSmtpRelay relay = new CountingSmtpRelay(Duration.ZERO, 4);

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", relay::port);
        registry.add("entrega.mail.senders", () -> "2");
    }

    @Value("${entrega.data-dir}")
    Path dataDir;
    @Autowired
    JdbcClient jdbc;

    @Test
    void emailsShareConnectionsAndArriveExactlyOnceInOrder() throws Exception {
        int invoices = 30; // five for each of the six sample customers
        new SampleInvoiceGenerator().writeSamples(dataDir.resolve("inbox"), invoices, 1);
        int emails = invoices + 2 * SampleInvoiceGenerator.customerCount();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status = 'SENT'").query(Long.class).single() == emails);

        List<CountingSmtpRelay.Accepted> accepted = relay.accepted();
        assertThat(accepted).hasSize(emails);
        assertThat(accepted.stream().map(CountingSmtpRelay.Accepted::messageId).distinct()).hasSize(emails);
        assertThat(relay.connections()).as("connections for %d emails", emails).isLessThanOrEqualTo(emails / 3);
        Map<String, List<String>> byCustomer = accepted.stream().collect(Collectors.groupingBy(
                CountingSmtpRelay.Accepted::recipient, Collectors.mapping(CountingSmtpRelay.Accepted::messageId,
                        Collectors.toList())));
        assertThat(byCustomer).hasSize(SampleInvoiceGenerator.customerCount());
        byCustomer.forEach((customer, ids) -> {
            assertThat(ids.get(0)).as(customer).startsWith("<entrega.activation.");
            assertThat(ids.get(1)).as(customer).startsWith("<entrega.password.");
            assertThat(ids.subList(2, ids.size())).as(customer).allMatch(id -> id.startsWith("<entrega.invoice."));
        });
    }
}
