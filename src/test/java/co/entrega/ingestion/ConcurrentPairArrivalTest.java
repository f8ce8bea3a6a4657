package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.storage.DocumentStore;
import co.entrega.storage.StoredDocument;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An XML and its PDF processed at the same moment (two workers, or two instances) each commit as WAITING without
 * seeing the other. The sweep pairs them within its interval instead of letting them wait the whole pair-wait.
 */
@EntregaIntegrationTest
@TestPropertySource(properties = "entrega.ingestion.pair-wait=10m")
class ConcurrentPairArrivalTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    InboundFileRepository files;
    @Autowired
    TransactionTemplate transaction;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void anXmlAndAPdfThatBothWaitArePairedBySweepWithoutWaitingTheWholePairWait() throws Exception {
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        var spec = SampleInvoiceGenerator.sample(36001);
        IngestionLedger ledger = new IngestionLedger(jdbc);
        String base = generator.baseName(spec);

        new InboxFolder(dataDir.resolve("inbox")).drop(base + ".xml", generator.invoiceXml(spec));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.inbound(base + ".xml")
                .map(f -> f.status().equals("WAITING")).orElse(false));
        // The PDF "missed" the XML: recorded as waiting, as a worker racing the XML's worker would leave it.
        StoredDocument pdf = store.put(new ByteArrayInputStream(generator.pdf(spec)));
        transaction.executeWithoutResult(status -> {
            InboundFile file = files.insert(new ReceivedFile(base + ".pdf", "test", pdf), InboundFileType.PDF);
            files.markWaiting(file.id(), base.toLowerCase(), null);
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.inbound(base + ".xml")
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
        assertThat(ledger.inbound(base + ".pdf").get().status()).isEqualTo("REGISTERED");
        assertThat(ledger.invoice(spec.number()).get("pdf_missing")).isEqualTo(false);
    }
}
