package co.entrega.bench;

import java.io.ByteArrayInputStream;
import java.net.URI;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import co.entrega.storage.DocumentStore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Request latency of the invoices page for one customer with N documents (default 10,000), over real HTTP with a
 * logged-in session: the first page, a one-month date filter, a deep page, and a document page. Each is requested
 * sequentially (after a warm-up) and the median and 99th percentile reported. Run with bench/portal.sh [N] [h2|postgres].
 */
public final class PortalLatencyBenchmark {

    private static final String PASSWORD = "una frase larga para medir 2026";
    private static final int WARMUP = 300;
    private static final int SAMPLES = 1000;

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String database = args.length > 1 ? args[1] : "h2";
        Path dir = Files.createTempDirectory("entrega-portal-bench-");
        try (InProcessService service = InProcessService.start(database, dir, 100)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            long seedStart = System.nanoTime();
            long firstId = seed(jdbc, service.bean(DocumentStore.class), service.bean(PasswordEncoder.class),
                    documents);
            System.out.printf(Locale.ROOT, "Seeded %,d documents (plus 1,000 of another customer) in %.1f s%n",
                    documents, (System.nanoTime() - seedStart) / 1e9);

            HttpClient http = InProcessService.newClient();
            service.login(http, "900999111", PASSWORD);

            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("first page (no filter)", "/facturas");
            pages.put("one month (Fecha inicial/final)", "/facturas?desde=2025-03-01&hasta=2025-03-31");
            pages.put("page 400 (no filter)", "/facturas?pagina=400");
            pages.put("one document", "/facturas/" + (firstId + documents / 2));
            System.out.printf("%n| page | documents | requests | median ms | p99 ms | max ms |%n|---|---:|---:|---:|---:|---:|%n");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                URI uri = service.uri(page.getValue());
                for (int i = 0; i < WARMUP; i++) {
                    get(http, uri);
                }
                double[] millis = new double[SAMPLES];
                for (int i = 0; i < SAMPLES; i++) {
                    long start = System.nanoTime();
                    get(http, uri);
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(millis);
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f |%n", page.getKey(), documents,
                        SAMPLES, millis[SAMPLES / 2], millis[(int) Math.ceil(SAMPLES * 0.99) - 1], millis[SAMPLES - 1]);
            }
            System.out.printf("%nDatabase: %s; JVM %s, %d cores%n", database.equals("h2") ? "H2 (file)" : "PostgreSQL 14",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        }
        System.exit(0);
    }

    /** One customer with N documents (dates spread over about three years) and a second customer with 1,000. */
    private static long seed(JdbcTemplate jdbc, DocumentStore store, PasswordEncoder encoder, int documents)
            throws Exception {
        String pdf = store.put(new ByteArrayInputStream("%PDF-1.4 bench".getBytes(StandardCharsets.US_ASCII))).id();
        String xml = store.put(new ByteArrayInputStream("<Invoice/>".getBytes(StandardCharsets.US_ASCII))).id();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long firstId = 0;
        for (String nit : List.of("900999111", "900999222")) {
            jdbc.update("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at) VALUES (?, ?, ?, 'MASTER', ?, ?)",
                    nit, "Cliente " + nit, nit + "@example.co", now, now);
            long customer = jdbc.queryForObject("SELECT id FROM customers WHERE nit = ?", Long.class, nit);
            jdbc.update("INSERT INTO portal_accounts (customer_id, username, password_hash, must_change_password, locked,"
                    + " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, FALSE, FALSE, ?, ?, ?)",
                    customer, nit, encoder.encode(PASSWORD), now, now, now);
            int count = nit.equals("900999111") ? documents : 1_000;
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String cufe = nit + "-" + i + "-" + "0".repeat(60);
                rows.add(new Object[] {cufe, "FE" + nit.substring(6) + "-" + i, ("fe" + nit.substring(6) + "-" + i),
                        Date.valueOf(LocalDate.of(2026, 11, 1).minusDays(i % 1100)), customer, nit,
                        cufe.substring(0, 64), xml, pdf, now, now});
                if (rows.size() == 1000 || i == count - 1) {
                    jdbc.batchUpdate("""
                            INSERT INTO invoices (cufe, kind, type_code, number, number_key, issue_date, supplier_nit,
                                supplier_name, customer_id, customer_nit, customer_name, payable_amount, currency,
                                fingerprint, xml_document_id, xml_is_attached_document, pdf_document_id, pdf_missing,
                                status, registered_at, notified_at)
                            VALUES (?, 'INVOICE', '01', ?, ?, ?, '900123456', 'Intertec S.A.S.', ?, ?, 'Cliente',
                                119000.00, 'COP', ?, ?, FALSE, ?, FALSE, 'REGISTERED', ?, ?)""", rows);
                    rows.clear();
                }
            }
            if (firstId == 0) {
                firstId = jdbc.queryForObject("SELECT MIN(id) FROM invoices WHERE customer_id = ?", Long.class, customer);
                // A third of the documents downloaded already, so the status column has both values.
                jdbc.update("""
                        INSERT INTO document_downloads (invoice_id, customer_id, account_id, document, remote_address, downloaded_at)
                        SELECT i.id, i.customer_id, a.id, 'PDF', '127.0.0.1', ? FROM invoices i
                        JOIN portal_accounts a ON a.customer_id = i.customer_id
                        WHERE i.customer_id = ? AND MOD(i.id, 3) = 0""", now, customer);
            }
        }
        return firstId;
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
