package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;

import java.nio.file.Path;
import java.time.Duration;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** A file that makes our own code fail is quarantined with the error instead of being retried forever unseen. */
@EntregaIntegrationTest
class InternalErrorQuarantineTest {

    @MockitoSpyBean
    UblParsing parsing;
    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aFileThatBreaksTheCodeIsQuarantinedWithTheErrorAndTheNextOneStillRegisters() throws Exception {
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        doThrow(new IllegalStateException("simulated defect")).when(parsing).parseContent(any(), eq("poison.xml"));
        InboxFolder inbox = new InboxFolder(dataDir.resolve("inbox"));
        IngestionLedger ledger = new IngestionLedger(jdbc);

        inbox.drop("poison.xml", generator.invoiceXml(SampleInvoiceGenerator.sample(9201)));
        inbox.drop("fine.zip", generator.dianZip(SampleInvoiceGenerator.sample(9202)));

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.quarantineOf("poison.xml").isPresent()
                && ledger.inbound("fine.zip").map(f -> f.status().equals("REGISTERED")).orElse(false));
        assertThat(ledger.quarantineOf("poison.xml").get().code()).isEqualTo("INTERNAL_ERROR");
        assertThat(ledger.quarantineOf("poison.xml").get().reason()).contains("simulated defect");
        // Both leave the inbox; a file moves to .done just after its transaction commits.
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.pending() == 0);
    }
}
