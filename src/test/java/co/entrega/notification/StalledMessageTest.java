package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.StallingSmtpRelay;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One message the relay does not answer (stuck on its RCPT TO) occupies one sender: every other customer's mail goes
 * out meanwhile, and the stuck customer's own emails follow once the relay answers. With the sends claimed in
 * batches and each batch awaited whole, the stuck message held back every email claimed after it.
 */
@EntregaIntegrationTest
@DirtiesContext
class StalledMessageTest {

    /** The generator's first sample customer: invoices 6 and 12 of 1..12 are theirs. */
    private static final String STALLED = "compras@laespiga.example.co";
    private static final StallingSmtpRelay relay = new StallingSmtpRelay(STALLED);

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", relay::port);
        registry.add("entrega.mail.senders", () -> "2");
        // longer than this test waits: the stuck send must still be stuck, not timed out and retried
        registry.add("entrega.mail.smtp-timeout", () -> "120000");
    }

    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aStuckMessageHoldsBackOnlyItsOwnCustomer() throws Exception {
        int invoices = 12; // two for each of the six sample customers
        new SampleInvoiceGenerator().writeSamples(dataDir.resolve("inbox"), invoices, 1);
        int emails = invoices + 2 * SampleInvoiceGenerator.customerCount();
        int stalledCustomersEmails = 2 + 2; // activation, password, two invoices

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> relay.stallReached() && others() == emails - stalledCustomersEmails);
        assertThat(relay.accepted()).as("nothing of the stuck customer yet").doesNotContain(STALLED);

        relay.release();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> relay.accepted().size() == emails);
        assertThat(relay.accepted().stream().filter(STALLED::equals).count()).isEqualTo(stalledCustomersEmails);
    }

    private static long others() {
        return relay.accepted().stream().filter(recipient -> !STALLED.equals(recipient)).count();
    }
}
