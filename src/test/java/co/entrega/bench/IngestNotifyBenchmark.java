package co.entrega.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.ingestion.ubl.UblReader;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Ingest + notify, end to end, against the packaged service: N invoices (the sample generator's mix, 1.8 files per
 * invoice) dropped at once into a folder inbox, until every file is settled, every invoice notified and every email
 * accepted by a real SMTP server (GreenMail, in this JVM). Peak heap is the largest heap use the service reported
 * (actuator, sampled every 500 ms). Then, in the same run, the <b>floor</b>: the same work by a straight loop with no
 * framework, in this JVM, after the service has stopped: read each file, SHA-256 it, copy it into a store folder,
 * parse its XML with the same UBL reader, insert one row per file over plain JDBC (batched), then send as many emails
 * as the service sent over one reused SMTP connection to the same server. Run with
 * {@code bench/ingest-notify.sh [h2|postgres] [invoices]}.
 */
public final class IngestNotifyBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One heap pool's use in the Prometheus scrape, e.g. {@code jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7}. */
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*}\\s+([0-9.E+-]+)");

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int invoices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String xmx = args.length > 2 ? args[2] : "512m";
        Path repository = Path.of(System.getProperty("entrega.repository", ".")).toAbsolutePath();
        Path jar;
        try (Stream<Path> built = Files.list(repository.resolve("target"))) {
            jar = built.filter(p -> p.getFileName().toString().matches("entrega-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/entrega-*.jar: run ./mvnw package first"));
        }
        // GreenMail logs every user it creates at INFO: one line per recipient drowns the table.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path work = Files.createTempDirectory("entrega-ingest-notify-");
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        EmbeddedPostgres postgres = null;
        try {
            Path home = install(repository, jar, work.resolve("service"));
            Path data = work.resolve("data");
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "ENTREGA_DATA_DIR", data.toString(),
                    "ENTREGA_INBOX_URI", "file:" + data.resolve("inbox"),
                    "ENTREGA_SAMPLES_SEED_ON_START", "false",
                    "SPRING_MAIL_HOST", "127.0.0.1",
                    "SPRING_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()),
                    "SERVER_PORT", Integer.toString(freePort()),
                    "LOGGING_LEVEL_CO_ENTREGA", "WARN"));
            String jdbcUrl;
            String floorUrl;
            if (database.equals("postgres")) {
                postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "100").start();
                try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE entrega");
                    s.execute("CREATE DATABASE floor");
                }
                jdbcUrl = postgres.getJdbcUrl("postgres", "entrega");
                floorUrl = postgres.getJdbcUrl("postgres", "floor");
                env.put("SPRING_PROFILES_ACTIVE", "postgres");
                env.put("DATABASE_URL", jdbcUrl);
                env.put("DATABASE_USERNAME", "postgres");
                env.put("DATABASE_PASSWORD", "postgres");
            } else {
                jdbcUrl = "jdbc:h2:file:" + data.resolve("db/entrega") + ";AUTO_SERVER=TRUE";
                floorUrl = "jdbc:h2:file:" + work.resolve("floor/db") + ";AUTO_SERVER=TRUE";
            }
            Path staging = work.resolve("staging");
            List<Path> files = new SampleInvoiceGenerator().writeSamples(staging, invoices, 1);
            System.out.printf(Locale.ROOT, "%s: %,d invoices, %,d files; service -Xmx%s%n", database, invoices,
                    files.size(), xmx);

            // Entrega, as a process
            Process service = start(home, env, xmx);
            String base = "http://127.0.0.1:" + env.get("SERVER_PORT");
            waitReady(service, base, home);
            Path inbox = data.resolve("inbox");
            Files.createDirectories(inbox);
            Path floorCopy = work.resolve("floor-files");
            Files.createDirectories(floorCopy);
            for (Path file : files) { // a copy for the floor, made before the clock starts
                Files.copy(file, floorCopy.resolve(file.getFileName()));
            }
            long start = System.nanoTime();
            for (Path file : files) {
                Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            double peakHeapMb = 0;
            long deadline = start + Duration.ofMinutes(Math.max(10, invoices / 100)).toNanos();
            int emails;
            List<MimeMessage> invoiceSamples = new ArrayList<>();
            List<MimeMessage> otherSamples = new ArrayList<>();
            try (Connection db = connect(jdbcUrl)) {
                while (!settled(db, files.size())) {
                    if (!service.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("service died or timed out; see " + home.resolve("service.log"));
                    }
                    peakHeapMb = Math.max(peakHeapMb, heapMb(base));
                    // GreenMail keeps every message in this JVM's memory: 100,000 invoice emails with their ZIPs would
                    // not fit. The count is the service's own (SENT in the outbox); exactly-once is the fault tests'.
                    keepSamples(smtp, invoiceSamples, otherSamples);
                    smtp.purgeEmailFromAllMailboxes();
                    Thread.sleep(500); // the sampling period of this harness
                }
                emails = (int) count(db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'SENT'");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            peakHeapMb = Math.max(peakHeapMb, heapMb(base));
            service.destroy();
            service.waitFor();

            // The floor: the same work, no framework
            long floorStart = System.nanoTime();
            keepSamples(smtp, invoiceSamples, otherSamples);
            floor(floorCopy, work.resolve("floor-store"), floorUrl, smtp.getSmtp().getPort(), emails, invoices,
                    invoiceSamples, otherSamples);
            double floorSeconds = (System.nanoTime() - floorStart) / 1e9;

            System.out.printf("%n| database | invoices | files | emails | Entrega s | Entrega invoices/s | peak heap MB"
                    + " | floor s | floor invoices/s | Entrega / floor |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |%n",
                    database.equals("h2") ? "H2" : "PostgreSQL 14", invoices, files.size(), emails, seconds,
                    invoices / seconds, peakHeapMb, floorSeconds, invoices / floorSeconds, floorSeconds / seconds);
        } finally {
            smtp.stop();
            if (postgres != null) {
                postgres.close();
            }
            if (!Boolean.getBoolean("bench.keep")) { // 100,000 invoices leave ~5 GB of copies behind
                org.springframework.util.FileSystemUtils.deleteRecursively(work);
            }
        }
        System.exit(0);
    }

    /** Files settled, invoices notified, emails sent. */
    private static boolean settled(Connection db, int files) {
        try {
            // The cheapest conditions first, the full reads last: run every 500 ms through a 100,000-invoice drop, the
            // COUNT(DISTINCT ...) alone took ~12 % of a core from the service on H2 (which keeps a table's row count,
            // so the first count costs nothing there).
            return count(db, "SELECT COUNT(*) FROM inbound_files") >= files
                    && count(db, "SELECT COUNT(*) FROM mail_outbox WHERE status IN ('PENDING', 'SENDING')") == 0
                    && count(db, "SELECT COUNT(*) FROM invoices i JOIN customers c ON c.id = i.customer_id"
                    + " WHERE i.status = 'REGISTERED' AND i.notified_at IS NULL AND c.email IS NOT NULL") == 0
                    && count(db, "SELECT COUNT(*) FROM inbound_files"
                    + " WHERE status NOT IN ('REGISTERED', 'DUPLICATE', 'QUARANTINED')") == 0
                    && count(db, "SELECT COUNT(DISTINCT original_name) FROM inbound_files"
                    + " WHERE status IN ('REGISTERED', 'DUPLICATE', 'QUARANTINED')") == files;
        } catch (Exception notYet) {
            return false; // the schema is being created
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Read, hash, copy, parse, insert (batched), then the same number of SMTP sends over one connection. */
    private static void floor(Path files, Path store, String url, int smtpPort, int emails, int invoices,
                              List<MimeMessage> invoiceSamples, List<MimeMessage> otherSamples) throws Exception {
        Files.createDirectories(store);
        UblReader reader = new UblReader(10 * 1024 * 1024);
        try (Connection db = connect(url)) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE floor_files (id BIGINT PRIMARY KEY, name VARCHAR(512), sha256 VARCHAR(64),"
                        + " number VARCHAR(100), cufe VARCHAR(200))");
            }
            db.commit();
            List<Path> all;
            try (Stream<Path> list = Files.list(files)) {
                all = list.sorted().toList();
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO floor_files (id, name, sha256, number, cufe) VALUES (?, ?, ?, ?, ?)")) {
                long id = 0;
                for (Path file : all) {
                    byte[] bytes = Files.readAllBytes(file);
                    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                    Files.copy(file, store.resolve(Long.toString(id)));
                    UblDocument document = parse(reader, file.getFileName().toString(), bytes);
                    insert.setLong(1, id++);
                    insert.setString(2, file.getFileName().toString());
                    insert.setString(3, sha);
                    insert.setString(4, document == null ? null : document.number());
                    insert.setString(5, document == null ? null : document.cufe());
                    insert.addBatch();
                    if (id % 500 == 0) {
                        insert.executeBatch();
                        db.commit();
                    }
                }
                insert.executeBatch();
                db.commit();
            }
        }
        // The very emails the service sent (copies kept as they arrived): one per invoice, its ZIP attached, and the
        // rest (activation, password) from their own samples; over one connection, TCP_NODELAY as the service's.
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(smtpPort));
        properties.put("mail.smtp.socketFactory", new MailOutboxBenchmark.NoDelaySockets());
        Session session = Session.getInstance(properties);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < emails; i++) {
                boolean invoice = i < invoices || otherSamples.isEmpty();
                List<MimeMessage> samples = invoice ? invoiceSamples : otherSamples;
                MimeMessage message = samples.get(i % samples.size());
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
    }

    private static final int SAMPLES = 300;

    /** Copies of the emails received so far, up to SAMPLES of each kind: invoice emails carry DIAN's subject. */
    private static void keepSamples(GreenMail smtp, List<MimeMessage> invoices, List<MimeMessage> others)
            throws Exception {
        for (MimeMessage received : smtp.getReceivedMessages()) {
            List<MimeMessage> kind = received.getSubject() != null && received.getSubject().contains(";")
                    ? invoices : others;
            if (kind.size() < SAMPLES) {
                kind.add(new MimeMessage(received));
            }
        }
    }

    /** The UBL document in an XML file, or in a DIAN ZIP's XML entry; null for a PDF. */
    private static UblDocument parse(UblReader reader, String name, byte[] bytes) throws Exception {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xml")) {
            return reader.read(new ByteArrayInputStream(bytes), name);
        }
        if (lower.endsWith(".zip")) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (entry.getName().toLowerCase(Locale.ROOT).endsWith(".xml")) {
                        return reader.read(new NonClosing(zip), entry.getName());
                    }
                }
            }
        }
        return null;
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** The service's heap in use: the sum of its heap pools, from its Prometheus endpoint (open, like health). */
    private static double heapMb(String base) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(base + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            double bytes = 0;
            for (Matcher pool = HEAP.matcher(response.body()); pool.find(); ) {
                bytes += Double.parseDouble(pool.group(1));
            }
            return bytes / (1024 * 1024);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Process start(Path home, Map<String, String> env, String xmx) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx));
        // e.g. a profiler's -agentpath for the service alone (bench/README.md, "Profiling")
        String extra = System.getenv().getOrDefault("BENCH_SERVICE_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", "entrega.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("service.log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static void waitReady(Process service, String base, Path home) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("service exited; see " + home.resolve("service.log"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("service not ready; see " + home.resolve("service.log"));
    }

    private static Path install(Path repository, Path jar, Path home) throws IOException {
        Files.createDirectories(home);
        Files.copy(jar, home.resolve("entrega.jar"));
        for (String folder : List.of("config", "routes", "templates", "batch-jobs")) {
            Path from = repository.resolve(folder);
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path source : (Iterable<Path>) paths::iterator) {
                    Path target = home.resolve(folder).resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        }
        return home;
    }

    private static Connection connect(String url) throws Exception {
        return url.startsWith("jdbc:postgresql") ? DriverManager.getConnection(url, "postgres", "postgres")
                : DriverManager.getConnection(url, "sa", "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
