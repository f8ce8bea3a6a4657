package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.ingestion.ubl.HostileXml;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hostile and broken files dropped in the inbox: each ends in quarantine with its specific reason, nothing of them
 * is registered, and the service keeps taking good files afterwards.
 */
@EntregaIntegrationTest
class HostileFilesIngestionTest {

    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();

    @Test
    void everyHostileFileIsQuarantinedWithItsReasonAndTheServiceGoesOn() throws Exception {
        InboxFolder inbox = new InboxFolder(dataDir.resolve("inbox"));
        IngestionLedger ledger = new IngestionLedger(jdbc);
        Spec valid = SampleInvoiceGenerator.sample(5001);
        long invoicesBefore = ledger.invoices(); // the context (and its database) may be shared with other classes

        Map<String, String> expected = new LinkedHashMap<>(); // file -> reason code
        drop(inbox, expected, "xxe.xml", HostileXml.xxeFileEntity(), "DOCTYPE_FORBIDDEN");
        drop(inbox, expected, "xxe-dtd.xml", HostileXml.xxeExternalDtd(), "DOCTYPE_FORBIDDEN");
        drop(inbox, expected, "billion-laughs.xml", HostileXml.billionLaughs(), "DOCTYPE_FORBIDDEN");
        drop(inbox, expected, "empty.xml", HostileXml.empty(), "EMPTY_FILE");
        drop(inbox, expected, "truncated.xml", HostileXml.truncated(), "MALFORMED_XML");
        drop(inbox, expected, "not-ubl.xml", HostileXml.html(), "NOT_UBL");
        drop(inbox, expected, "order.xml", HostileXml.foreignOrder(), "NOT_UBL");
        drop(inbox, expected, "encoding-lie.xml", HostileXml.declaredUtf8ButLatin1(), "ENCODING_MISMATCH");
        drop(inbox, expected, "encoding-lie-2.xml", HostileXml.declaredLatin1ButUtf8(), "ENCODING_MISMATCH");
        drop(inbox, expected, "sin-cufe.xml", HostileXml.missingCufe(), "MISSING_CUFE");
        drop(inbox, expected, "zip-slip.zip", zip(Map.of("../../evil.xml", generator.attachedDocumentXml(valid))),
                "ZIP_UNSAFE_PATH");
        drop(inbox, expected, "zip-absolute.zip", zip(Map.of("/etc/cron.d/evil.xml", new byte[] {1})),
                "ZIP_UNSAFE_PATH");
        drop(inbox, expected, "zip-bomb-ratio.zip", zip(Map.of("bomb.xml", new byte[5 * 1024 * 1024])), "ZIP_BOMB");
        drop(inbox, expected, "zip-bomb-size.zip", zip(Map.of("bomb.bin", new byte[70 * 1024 * 1024])), "ZIP_BOMB");
        drop(inbox, expected, "zip-truncated.zip", java.util.Arrays.copyOf(generator.dianZip(valid), 300),
                "ZIP_INVALID");
        drop(inbox, expected, "zip-xxe.zip", zip(Map.of("ad.xml", HostileXml.xxeFileEntity())), "DOCTYPE_FORBIDDEN");
        drop(inbox, expected, "solo.pdf", generator.pdf(valid.withNumber("SOLO1")), "PDF_WITHOUT_XML");
        drop(inbox, expected, "fake.pdf", "MZ this is an executable".getBytes(), "NOT_PDF");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> expected.keySet().stream().allMatch(name -> ledger.quarantineOf(name).isPresent()));

        for (Map.Entry<String, String> file : expected.entrySet()) {
            IngestionLedger.Quarantined entry = ledger.quarantineOf(file.getKey()).orElseThrow();
            assertThat(entry.code()).as(file.getKey()).isEqualTo(file.getValue());
            assertThat(entry.reason()).as(file.getKey()).isNotBlank().doesNotContain(HostileXml.PASSWD_MARKER);
        }
        assertThat(ledger.quarantineOf("zip-slip.zip").get().reason()).contains("../../evil.xml");
        assertThat(ledger.invoices()).isEqualTo(invoicesBefore);

        inbox.drop(generator.zipFileName(valid), generator.dianZip(valid));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(generator.zipFileName(valid))
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
        // Every file leaves the inbox; a file moves to .done just after its transaction commits.
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.pending() == 0);
    }

    private static void drop(InboxFolder inbox, Map<String, String> expected, String name, byte[] content,
                             String code) throws IOException {
        inbox.drop(name, content);
        expected.put(name, code);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
