package co.entrega.ingestion.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.IngestionLedger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The first start of the embedded default seeds samples into the folder inbox, and they get registered. */
@EntregaIntegrationTest
@TestPropertySource(properties = {"entrega.samples.seed-on-start=true", "entrega.samples.count=6"})
class SampleSeedingTest {

    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void theSeededSamplesAreRegisteredWithTheirPdfs() {
        IngestionLedger ledger = new IngestionLedger(jdbc);

        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.invoices() == 6 && ledger.countByStatus("WAITING") == 0);

        assertThat(ledger.quarantine()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE pdf_missing").query(Long.class).single()).isZero();
        assertThat(ledger.customers()).isGreaterThanOrEqualTo(5);
        assertThat(Files.exists(dataDir.resolve(".samples-seeded"))).isTrue();
    }
}
