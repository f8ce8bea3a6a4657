package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.MailboxReader;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** DESCARGAS PENDIENTES over real HTTP: exactly the pending documents, marked only when sent, in constant memory. */
@EntregaIntegrationTest
class PendingDownloadsTest {

    static final String PASSWORD = "una frase larga y propia 2026";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    PasswordEncoder encoder;
    @org.springframework.beans.factory.annotation.Value("${entrega.data-dir}")
    java.nio.file.Path dataDir;

    private PortalFixture fixture;
    private PortalClient browser;
    private static int nit = 710_000_000;

    @BeforeEach
    void setUp() {
        fixture = new PortalFixture(jdbc, store, encoder);
        browser = new PortalClient(port);
    }

    @Test
    void theZipHoldsExactlyThePendingDocumentsAndThenNothingIsPending() throws Exception {
        PortalFixture.Customer customer = fixture.customer(String.valueOf(++nit), PASSWORD);
        List<PortalFixture.Document> documents = fixture.documents(customer, 4, LocalDate.of(2026, 6, 30), 2_000);
        browser.login(customer.username(), PASSWORD);
        PortalFixture.Document already = documents.get(2);
        assertThat(browser.download("/facturas/" + already.id() + "/xml").body()).isEqualTo(already.xml());

        Page list = browser.get("/facturas");
        assertThat(list.body()).contains("3 documento(s) sin descargar");
        HttpResponse<InputStream> zip = browser.postForStream("/descargas/pendientes");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).contains("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"descargas-pendientes-");
        Map<String, byte[]> entries;
        try (InputStream body = zip.body()) {
            entries = unzip(new java.io.ByteArrayInputStream(body.readAllBytes()));
        }

        Map<String, byte[]> expected = new HashMap<>();
        for (PortalFixture.Document document : documents) {
            if (document != already) {
                expected.put(document.number() + ".pdf", document.pdf());
                expected.put(document.number() + ".xml", document.xml());
            }
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(entries.get(name)).as(name).isEqualTo(bytes));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pendingZipRows(customer) == 4);
        Page after = browser.get("/facturas");
        assertThat(after.body()).contains("No hay descargas pendientes").doesNotContain("badge todo");
        assertThat(browser.post("/descargas/pendientes", Map.of()).location()).isEqualTo("/facturas?sinPendientes");
        Map<String, Object> logged = jdbc.sql("""
                        SELECT COUNT(*) AS n, MIN(remote_address) AS address, MIN(account_id) AS account
                        FROM document_downloads WHERE customer_id = :c AND document = 'PENDING_ZIP'""")
                .param("c", customer.customerId()).query().singleRow();
        assertThat(((Number) logged.get("n")).longValue()).isEqualTo(3);
        assertThat(logged.get("address")).isEqualTo("127.0.0.1");
        assertThat(((Number) logged.get("account")).longValue()).isEqualTo(customer.accountId());
    }

    @Test
    void aHeadRequestIsNotADownloadAndAMissingFileDoesNotBlockTheOthers() throws Exception {
        PortalFixture.Customer customer = fixture.customer(String.valueOf(++nit), PASSWORD);
        List<PortalFixture.Document> documents = fixture.documents(customer, 3, LocalDate.of(2026, 6, 30), 1_000);
        browser.login(customer.username(), PASSWORD);
        assertThat(browser.head("/facturas/" + documents.get(0).id() + "/pdf")).isEqualTo(200);
        assertThat(pendingZipRows(customer)).isZero();

        // One document's PDF vanished from the store: the ZIP carries the other two, which alone are marked.
        String pdfId = jdbc.sql("SELECT pdf_document_id FROM invoices WHERE id = :id")
                .param("id", documents.get(1).id()).query(String.class).single();
        java.nio.file.Path pdf;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dataDir.resolve("documents"))) {
            pdf = files.filter(f -> f.getFileName().toString().equals(pdfId)).findFirst().orElseThrow();
        }
        java.nio.file.Files.delete(pdf);
        browser.get("/facturas");
        Map<String, byte[]> entries;
        try (InputStream body = browser.postForStream("/descargas/pendientes").body()) {
            entries = unzip(new java.io.ByteArrayInputStream(body.readAllBytes()));
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrder(documents.get(0).number() + ".pdf",
                documents.get(0).number() + ".xml", documents.get(2).number() + ".pdf", documents.get(2).number() + ".xml");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pendingZipRows(customer) == 2);
        assertThat(browser.get("/facturas").body()).contains("1 documento(s) sin descargar");
    }

    @Test
    void aDownloadCutShortMarksNothing() throws Exception {
        PortalFixture.Customer customer = fixture.customer(String.valueOf(++nit), PASSWORD);
        fixture.documents(customer, 40, LocalDate.of(2026, 6, 30), 400_000);
        browser.login(customer.username(), PASSWORD);
        browser.get("/facturas");

        HttpResponse<InputStream> zip = browser.postForStream("/descargas/pendientes");
        try (InputStream body = zip.body()) {
            body.readNBytes(100_000);
        }
        // The server notices the closed connection when it next writes; the download is then abandoned.
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2))
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pendingZipRows(customer) == 0);
        assertThat(browser.get("/facturas").body()).contains("40 documento(s) sin descargar");
    }

    /**
     * 1,000 documents of 100 KB (about 100 MB in all) through one ZIP: the live heap, measured after a collection
     * every few milliseconds while the download runs, must not grow by anything near their size.
     */
    @Test
    void aThousandDocumentsStreamInConstantMemory() throws Exception {
        PortalFixture.Customer customer = fixture.customer(String.valueOf(++nit), PASSWORD);
        int count = 1_000;
        int pdfSize = 100_000;
        fixture.documents(customer, count, LocalDate.of(2026, 6, 30), pdfSize);
        browser.login(customer.username(), PASSWORD);
        browser.get("/facturas");

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        // A collection, then a reading of the live heap, 20 ms apart (a delay, not a rate: back-to-back full
        // collections would starve the download) while the download runs.
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            memory.gc();
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        }, 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        long entries = 0;
        long bytes = 0;
        try (InputStream body = browser.postForStream("/descargas/pendientes").body()) {
            ZipInputStream zip = new ZipInputStream(body);
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries++;
                bytes += zip.transferTo(java.io.OutputStream.nullOutputStream());
            }
            // Read to the end (the ZIP's central directory), as a browser saving the file does.
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        long total = (long) count * pdfSize;
        assertThat(entries).isEqualTo(2L * count);
        assertThat(bytes).isGreaterThan(total);
        long growth = peak.get() - baseline;
        org.slf4j.LoggerFactory.getLogger(PendingDownloadsTest.class).info(
                "DESCARGAS PENDIENTES of {} documents ({} MB): live heap {} MB before, peak {} MB during (+{} MB)",
                count, total / 1_000_000, baseline / 1_000_000, peak.get() / 1_000_000, growth / 1_000_000);
        assertThat(growth).as("live heap growth %d bytes for %d bytes of documents", growth, total)
                .isLessThan(total / 5);
        // Logged right after the last byte is written, which the client may read a moment before.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pendingZipRows(customer) == count);
    }

    private long pendingZipRows(PortalFixture.Customer customer) {
        return jdbc.sql("SELECT COUNT(*) FROM document_downloads WHERE customer_id = :c")
                .param("c", customer.customerId()).query(Long.class).single();
    }

    private static Map<String, byte[]> unzip(InputStream in) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), MailboxReader.bytes(zip));
            }
        }
        return entries;
    }
}
