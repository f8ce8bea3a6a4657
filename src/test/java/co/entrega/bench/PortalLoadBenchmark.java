package co.entrega.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The invoices page under load: {@code customers} customers sharing {@code invoices} stored invoices, {@code clients}
 * of them at once (each logged in as a different customer, each requesting its first page of invoices in a loop over
 * real HTTP) for {@code seconds}. Reports median and 99th-percentile latency and throughput, and, in the same run, the
 * floor: the two queries that page runs (both counts in one, page of 20), with the same parameters, by the same
 * number of threads over plain JDBC on the same pool, with nothing else around them. Run with
 * {@code bench/portal-load.sh [h2|postgres] [invoices] [customers] [clients] [seconds]}.
 */
public final class PortalLoadBenchmark {

    static final String PASSWORD = "una frase larga para medir 2026";

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int invoices = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int customers = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        Path dir = Files.createTempDirectory("entrega-portal-load-");
        try (InProcessService service = InProcessService.start(database, dir, 200,
                "--server.tomcat.threads.max=" + Math.max(200, clients * 2),
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(10, clients / 2))) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            long seedStart = System.nanoTime();
            List<Long> customerIds = seed(jdbc, service.bean(PasswordEncoder.class), invoices, customers);
            System.out.printf(Locale.ROOT, "Seeded %,d invoices of %,d customers in %.0f s%n", invoices, customers,
                    (System.nanoTime() - seedStart) / 1e9);
            Result http = http(service, clients, seconds);
            Result floor = floor(service.bean(DataSource.class), customerIds, clients, seconds);

            System.out.printf("%n| %s, %,d invoices, %,d customers, %d at once | requests/s | median ms | p99 ms |%n"
                    + "|---|---:|---:|---:|%n", InProcessService.label(database), invoices, customers,
                    clients);
            System.out.printf(Locale.ROOT, "| invoices page over HTTP (Entrega) | %,.0f | %.2f | %.1f |%n",
                    http.throughput(), http.median(), http.p99());
            System.out.printf(Locale.ROOT, "| floor: its 3 queries over plain JDBC | %,.0f | %.2f | %.1f |%n",
                    floor.throughput(), floor.median(), floor.p99());
            System.out.printf(Locale.ROOT, "| Entrega / floor | %.2f | %.2f | %.2f |%n",
                    http.throughput() / floor.throughput(), http.median() / floor.median(), http.p99() / floor.p99());
            System.out.printf("%nJVM %s, %d cores, %d s measured after %d s warm-up%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds, seconds / 3);
        }
        System.exit(0);
    }

    private record Result(double throughput, double median, double p99) {
        static Result of(List<double[]> perThread, int seconds) {
            double[] all = perThread.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
            return new Result(all.length / (double) seconds, all[all.length / 2],
                    all[(int) Math.ceil(all.length * 0.99) - 1]);
        }
    }

    /** A task run in a loop: returns after one request (or one set of queries). */
    private interface Step {
        void run() throws Exception;
    }

    /** Each client logged in as its own customer, requesting /facturas in a loop: warm-up, then measured. */
    private static Result http(InProcessService service, int clients, int seconds) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            HttpClient client = InProcessService.newClient();
            service.login(client, username(i), PASSWORD);
            URI page = service.uri("/facturas");
            steps.add(() -> {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(page).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("DESCARGAS PENDIENTES")) {
                    throw new IllegalStateException("/facturas answered " + response.statusCode());
                }
            });
        }
        return load(steps, seconds);
    }

    /** The same two queries the page runs, for the same customers, over plain JDBC. */
    private static Result floor(DataSource dataSource, List<Long> customerIds, int clients, int seconds)
            throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long customer = customerIds.get(i);
            steps.add(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    try (PreparedStatement counts = connection.prepareStatement("SELECT"
                            + " COALESCE(SUM(CASE WHEN i.issue_date >= ? AND i.issue_date <= ? THEN 1 ELSE 0 END), 0),"
                            + " COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM document_downloads d"
                            + " WHERE d.invoice_id = i.id) THEN 1 ELSE 0 END), 0) FROM invoices i"
                            + " WHERE i.customer_id = ?")) {
                        counts.setDate(1, Date.valueOf(LocalDate.of(1900, 1, 1)));
                        counts.setDate(2, Date.valueOf(LocalDate.of(9999, 12, 31)));
                        counts.setLong(3, customer);
                        drain(counts.executeQuery());
                    }
                    try (PreparedStatement page = connection.prepareStatement("SELECT i.id, i.number, i.kind,"
                            + " i.issue_date, i.payable_amount, i.currency, i.xml_document_id, i.pdf_document_id,"
                            + " CASE WHEN EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id)"
                            + " THEN TRUE ELSE FALSE END AS downloaded FROM invoices i WHERE i.customer_id = ?"
                            + " AND i.issue_date >= ? AND i.issue_date <= ? ORDER BY i.customer_id, i.issue_date DESC, i.id DESC"
                            + " LIMIT ? OFFSET ?")) {
                        page.setLong(1, customer);
                        page.setDate(2, Date.valueOf(LocalDate.of(1900, 1, 1)));
                        page.setDate(3, Date.valueOf(LocalDate.of(9999, 12, 31)));
                        page.setInt(4, 20);
                        page.setInt(5, 0);
                        drain(page.executeQuery());
                    }
                }
            });
        }
        return load(steps, seconds);
    }

    private static void drain(ResultSet rows) throws Exception {
        try (rows) {
            while (rows.next()) {
                rows.getObject(1);
            }
        }
    }

    /** Every step in its own thread, looping: a third of the time to warm up, then {@code seconds} measured. */
    private static Result load(List<Step> steps, int seconds) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(steps.size());
        try {
            long warmUntil = System.nanoTime() + seconds * 1_000_000_000L / 3;
            long endAt = warmUntil + seconds * 1_000_000_000L;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<double[]>> futures = new ArrayList<>();
            for (Step step : steps) {
                futures.add(threads.submit(() -> {
                    start.await();
                    double[] samples = new double[1024];
                    int n = 0;
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= endAt) {
                            return Arrays.copyOf(samples, n);
                        }
                        step.run();
                        if (begin >= warmUntil) {
                            if (n == samples.length) {
                                samples = Arrays.copyOf(samples, n * 2);
                            }
                            samples[n++] = (System.nanoTime() - begin) / 1e6;
                        }
                    }
                }));
            }
            start.countDown();
            List<double[]> perThread = new ArrayList<>();
            for (Future<double[]> future : futures) {
                perThread.add(future.get());
            }
            return Result.of(perThread, seconds);
        } finally {
            threads.shutdownNow();
        }
    }

    static String username(int customer) {
        return "9100" + String.format(Locale.ROOT, "%05d", customer);
    }

    /** {@code customers} customers with an account each, {@code invoices} invoices spread evenly among them. */
    static List<Long> seed(JdbcTemplate jdbc, PasswordEncoder encoder, int invoices, int customers) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String hash = encoder.encode(PASSWORD); // one hash for all: bcrypt is slow on purpose
        List<Object[]> customerRows = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            customerRows.add(new Object[] {username(c), "Cliente " + c, username(c) + "@example.co", now, now});
        }
        jdbc.batchUpdate("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'MASTER', ?, ?)", customerRows);
        List<Long> ids = jdbc.queryForList("SELECT id FROM customers WHERE nit LIKE '9100%' ORDER BY nit", Long.class);
        List<Object[]> accounts = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            accounts.add(new Object[] {ids.get(c), username(c), hash, now, now, now});
        }
        jdbc.batchUpdate("INSERT INTO portal_accounts (customer_id, username, password_hash, must_change_password,"
                + " locked, password_changed_at, created_at, updated_at) VALUES (?, ?, ?, FALSE, FALSE, ?, ?, ?)",
                accounts);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            int c = i % customers;
            String cufe = String.format(Locale.ROOT, "%096d", i);
            rows.add(new Object[] {cufe, "FE" + i, "fe" + i, Date.valueOf(LocalDate.of(2026, 11, 1).minusDays(i % 1100)),
                    ids.get(c), username(c), cufe.substring(0, 64), "x" + (i % 1000), "p" + (i % 1000), now, now});
            if (rows.size() == 5_000 || i == invoices - 1) {
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
        // A third of the documents downloaded already, so "pending" has something to count.
        jdbc.update("""
                INSERT INTO document_downloads (invoice_id, customer_id, account_id, document, remote_address, downloaded_at)
                SELECT i.id, i.customer_id, a.id, 'PDF', '127.0.0.1', ? FROM invoices i
                JOIN portal_accounts a ON a.customer_id = i.customer_id WHERE MOD(i.id, 3) = 0""", now);
        jdbc.execute("ANALYZE"); // fresh statistics, as a running database would have (H2 and PostgreSQL alike)
        return ids;
    }
}
