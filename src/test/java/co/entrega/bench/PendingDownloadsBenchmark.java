package co.entrega.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import co.entrega.storage.DocumentStore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * DESCARGAS PENDIENTES of {@code documents} documents (a PDF of {@code kb} KB and its XML each) over real HTTP: MB/s
 * of the ZIP received, and the service's heap above its idle level while it streams (sampled every 10 ms). In the
 * same run, the floor: a straight loop that reads the same stored files and writes the same ZIP to a byte counter,
 * nothing else. Each is run {@code rounds} times (the documents are marked pending again in between); the best round
 * is reported. Run with {@code bench/downloads.sh [h2|postgres] [documents] [kb] [rounds]}.
 */
public final class PendingDownloadsBenchmark {

    private static final String PASSWORD = "una frase larga para medir 2026";
    private static final String USER = "920000001";

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int kb = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path dir = Files.createTempDirectory("entrega-downloads-bench-");
        try (InProcessService service = InProcessService.start(database, dir, 100)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            DocumentStore store = service.bean(DocumentStore.class);
            List<String[]> stored = seed(jdbc, store, service.bean(PasswordEncoder.class), documents, kb);
            long documentBytes = (long) documents * (kb * 1024L + 2048);
            HttpClient http = InProcessService.newClient();
            String csrf = service.login(http, USER, PASSWORD);

            Measure best = null;
            Measure bestFloor = null;
            for (int round = 0; round < rounds; round++) {
                jdbc.update("DELETE FROM document_downloads");
                Measure ours = measure(() -> {
                    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                                    service.uri("/descargas/pendientes"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf,
                                    StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("DESCARGAS PENDIENTES answered " + response.statusCode());
                    }
                    try (InputStream body = response.body()) {
                        return body.transferTo(OutputStream.nullOutputStream());
                    }
                });
                Measure floor = measure(() -> {
                    CountingStream counter = new CountingStream();
                    try (ZipOutputStream zip = new ZipOutputStream(counter)) {
                        for (String[] document : stored) {
                            zip.putNextEntry(new ZipEntry(document[0] + ".pdf"));
                            try (InputStream in = store.open(document[1])) {
                                in.transferTo(zip);
                            }
                            zip.closeEntry();
                            zip.putNextEntry(new ZipEntry(document[0] + ".xml"));
                            try (InputStream in = store.open(document[2])) {
                                in.transferTo(zip);
                            }
                            zip.closeEntry();
                        }
                    }
                    return counter.count;
                });
                best = best == null || ours.seconds() < best.seconds() ? ours : best;
                bestFloor = bestFloor == null || floor.seconds() < bestFloor.seconds() ? floor : bestFloor;
            }
            long pendingAfter = jdbc.queryForObject("SELECT COUNT(*) FROM invoices i WHERE NOT EXISTS"
                    + " (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id)", Long.class);

            System.out.printf("%n| DESCARGAS PENDIENTES, %s, %,d documents (%d KB PDF + 2 KB XML) | ZIP MB | seconds"
                            + " | MB/s | heap above idle MB |%n|---|---:|---:|---:|---:|%n",
                    InProcessService.label(database), documents, kb);
            print("over HTTP (Entrega), best of " + rounds, best);
            print("floor: the same files into a ZIP in a loop", bestFloor);
            System.out.printf(Locale.ROOT, "| Entrega / floor | | %.2f | %.2f | |%n",
                    best.seconds() / bestFloor.seconds(), best.mbPerSecond() / bestFloor.mbPerSecond());
            System.out.printf(Locale.ROOT, "%nDocument bytes %.1f MB; documents still pending after the last round: %d;"
                    + " JVM %s, %d cores, -Xmx%d MB%n", documentBytes / 1e6, pendingAfter,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
        System.exit(0);
    }

    private interface Work {
        long run() throws Exception;
    }

    private record Measure(long bytes, double seconds, double heapAboveIdleMb) {
        double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    /** Runs the work while sampling the heap every 10 ms; the idle level is taken after a full collection first. */
    private static Measure measure(Work work) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long idle = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(idle);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 10, TimeUnit.MILLISECONDS);
        try {
            long start = System.nanoTime();
            long bytes = work.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measure(bytes, seconds, (peak.get() - idle) / (1024.0 * 1024.0));
        } finally {
            sampler.shutdownNow();
        }
    }

    private static void print(String what, Measure measure) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.1f | %.0f |%n", what, measure.bytes() / 1e6,
                measure.seconds(), measure.mbPerSecond(), measure.heapAboveIdleMb());
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** One customer with {@code documents} invoices, each with its own stored PDF (random bytes) and XML. */
    private static List<String[]> seed(JdbcTemplate jdbc, DocumentStore store, PasswordEncoder encoder, int documents,
                                       int kb) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at)"
                + " VALUES (?, 'Cliente', 'c@example.co', 'MASTER', ?, ?)", USER, now, now);
        long customer = jdbc.queryForObject("SELECT id FROM customers WHERE nit = ?", Long.class, USER);
        jdbc.update("INSERT INTO portal_accounts (customer_id, username, password_hash, must_change_password, locked,"
                + " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, FALSE, FALSE, ?, ?, ?)",
                customer, USER, encoder.encode(PASSWORD), now, now, now);
        Random random = new Random(42);
        List<String[]> stored = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            byte[] pdf = new byte[kb * 1024];
            random.nextBytes(pdf); // incompressible, like a real PDF's streams
            byte[] xml = new byte[2048];
            random.nextBytes(xml);
            String pdfId = store.put(new ByteArrayInputStream(pdf)).id();
            String xmlId = store.put(new ByteArrayInputStream(xml)).id();
            String cufe = String.format(Locale.ROOT, "%096d", i);
            stored.add(new String[] {"FE" + i, pdfId, xmlId});
            rows.add(new Object[] {cufe, "FE" + i, "fe" + i, Date.valueOf(LocalDate.of(2026, 11, 1).minusDays(i % 365)),
                    customer, USER, cufe.substring(0, 64), xmlId, pdfId, now, now});
        }
        jdbc.batchUpdate("""
                INSERT INTO invoices (cufe, kind, type_code, number, number_key, issue_date, supplier_nit,
                    supplier_name, customer_id, customer_nit, customer_name, payable_amount, currency,
                    fingerprint, xml_document_id, xml_is_attached_document, pdf_document_id, pdf_missing,
                    status, registered_at, notified_at)
                VALUES (?, 'INVOICE', '01', ?, ?, ?, '900123456', 'Intertec S.A.S.', ?, ?, 'Cliente',
                    119000.00, 'COP', ?, ?, FALSE, ?, FALSE, 'REGISTERED', ?, ?)""", rows);
        return stored;
    }

    /** @return the CSRF token of the logged-in session (for the download form's POST) */
}
