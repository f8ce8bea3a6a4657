package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.IngestionLedger;
import co.entrega.support.SftpTestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

/**
 * The inbox route on a real SFTP server (Apache MINA SSHD), with host-key checking on as in production: the
 * endpoint trusts only the key written in its known_hosts file. Every context is dirtied after its class, so a cached
 * context never keeps polling a server that has been stopped.
 */
@EntregaIntegrationTest
@DirtiesContext
class SftpInboxIngestionTest {

    private static final String USER = "erp";
    // Characters that mean something in a URI (#, +, &, %): the password goes in RAW(...), as in docs/ingestion.md.
    private static final String PASSWORD = "Erp#2026+p&ss%20";
    private static final AtomicLong SEQ = new AtomicLong(7000);

    private static SftpTestServer server;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();

    @BeforeAll
    static void startServer() throws IOException {
        server = SftpTestServer.start().allowPassword(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        String uri = "sftp://" + USER + "@" + server.host() + ":" + server.port()
                + "/outbox?password=RAW(" + PASSWORD + ")&knownHostsFile=" + knownHosts(server.knownHostsLine());
        registry.add("entrega.inbox.uri", () -> uri);
    }

    @Test
    void aDianZipAndALoosePairUploadedOverSftpAreRegisteredAndMovedToDone() throws Exception {
        IngestionLedger ledger = new IngestionLedger(jdbc);
        Spec zipped = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        Spec loose = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String zip = generator.zipFileName(zipped);
        String xml = generator.baseName(loose) + ".xml";
        String pdf = generator.baseName(loose) + ".pdf";

        server.upload("outbox", zip, generator.dianZip(zipped));
        server.upload("outbox", xml, generator.invoiceXml(loose));
        server.upload("outbox", pdf, generator.pdf(loose));

        for (String name : List.of(zip, xml, pdf)) {
            awaitStatus(ledger, name, "REGISTERED");
        }
        for (Spec spec : List.of(zipped, loose)) {
            Map<String, Object> invoice = ledger.invoice(spec.number());
            assertThat(invoice.get("pdf_missing")).isEqualTo(false);
            assertThat(read(store, (String) invoice.get("pdf_document_id"))).isEqualTo(generator.pdf(spec));
        }
        assertThat(read(store, (String) ledger.invoice(loose.number()).get("xml_document_id")))
                .isEqualTo(generator.invoiceXml(loose));
        // Where a file came from is recorded without the password.
        assertThat(jdbc.sql("SELECT source FROM inbound_files WHERE original_name = :n").param("n", zip)
                .query(String.class).single())
                .startsWith("sftp://" + USER + "@" + server.host() + ":" + server.port() + "/outbox")
                .doesNotContain("Erp#2026");

        // Processed files leave the outbox for .done/<yyyyMMdd>/<HHmmssSSS>-<name> on the server.
        await().atMost(Duration.ofSeconds(30)).until(() -> server.pending("outbox").isEmpty());
        for (String name : List.of(zip, xml, pdf)) {
            assertThat(server.done("outbox")).anyMatch(p -> p.matches("\\.done/\\d{8}/\\d{9}-" + name.replace(".", "\\.")));
        }
        assertThat(server.logins(USER, "password")).isPositive();
        // The upload's temporary name was never taken (Entrega excludes *.part).
        assertThat(ledger.inbound()).noneMatch(f -> f.name().endsWith(".part"));
    }

    @Test
    void aBrokenFileIsQuarantinedWithItsReasonAndAValidOneAfterItStillRegisters() throws Exception {
        IngestionLedger ledger = new IngestionLedger(jdbc);
        byte[] whole = generator.invoiceXml(SampleInvoiceGenerator.sample(SEQ.incrementAndGet()));
        String broken = "truncada-" + SEQ.get() + ".xml";
        Spec valid = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());

        server.upload("outbox", broken, Arrays.copyOf(whole, whole.length / 2));
        server.upload("outbox", generator.zipFileName(valid), generator.dianZip(valid));

        awaitStatus(ledger, broken, "QUARANTINED");
        assertThat(ledger.quarantineOf(broken)).get().satisfies(q -> {
            assertThat(q.code()).isEqualTo("MALFORMED_XML");
            assertThat(q.reason()).startsWith("XML mal formado en la línea ");
        });
        awaitStatus(ledger, generator.zipFileName(valid), "REGISTERED");
        assertThat(ledger.invoice(valid.number()).get("cufe")).isEqualTo(valid.cufe());
        // Quarantined means handled: the broken file leaves the outbox too (its bytes are kept in our store).
        await().atMost(Duration.ofSeconds(30)).until(() -> server.pending("outbox").isEmpty());
    }

    /**
     * An ERP that writes straight under the final name, a slice at a time: the read lock must wait until the file stops
     * growing. Nothing else in this class needs a read lock, because {@link SftpTestServer#upload} renames when done.
     */
    @Test
    void aFileStillBeingWrittenUnderItsFinalNameIsTakenOnlyOnceComplete() throws Exception {
        IngestionLedger ledger = new IngestionLedger(jdbc);
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        byte[] xml = generator.invoiceXml(spec);
        String name = "en-curso-" + SEQ.get() + ".xml";
        Path file = Files.write(server.root().resolve("outbox").resolve(name), Arrays.copyOf(xml, xml.length / 2));
        AtomicInteger written = new AtomicInteger(xml.length / 2);
        int slice = Math.max(1, (xml.length - written.get()) / 60);
        ScheduledExecutorService erp = Executors.newSingleThreadScheduledExecutor();
        // A slice every 20 ms for about 1.2 s: far more often than the read lock's check interval (200 ms in tests).
        erp.scheduleAtFixedRate(() -> {
            int from = written.get();
            if (from < xml.length) {
                int to = Math.min(xml.length, from + slice);
                try {
                    Files.write(file, Arrays.copyOfRange(xml, from, to), StandardOpenOption.APPEND);
                    written.set(to);
                } catch (IOException takenAway) {
                    written.set(xml.length); // the consumer moved it away while it was still being written
                }
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(name)
                    .filter(f -> List.of("REGISTERED", "QUARANTINED", "DUPLICATE").contains(f.status())).isPresent());
        } finally {
            erp.shutdownNow();
        }

        assertThat(ledger.inbound(name).get().status()).as(ledger.inbound(name).get().detail()).isEqualTo("REGISTERED");
        assertThat(read(store, (String) ledger.invoice(spec.number()).get("xml_document_id"))).isEqualTo(xml);
    }

    /**
     * Two consumers on one SFTP inbox, as two instances would be: each with its own read lock (its own memory of what
     * it listed), both claiming in the one shared table. Every file is registered by exactly one of them. (The
     * claim race itself is pinned down in {@code InboxClaimsTest}; the packaged two-instance fault test checks the
     * same thing across processes, strictly.)
     */
    @Test
    void twoConsumersOnOneInboxTakeEachFileOnce() throws Exception {
        IngestionLedger ledger = new IngestionLedger(jdbc);
        String inboxUri = camel.resolvePropertyPlaceholders("{{" + InboxEndpointUri.PROPERTY + "}}");
        Map<String, AtomicInteger> taken = Map.of("instance-a", new AtomicInteger(), "instance-b", new AtomicInteger());
        camel.getRouteController().stopRoute("ingestion-poll-inbox");
        try {
            for (String instance : taken.keySet()) {
                // each "instance" with its own claims (its own owner) and read lock, on the one database
                InboxClaims claims = new InboxClaims(jdbcTemplate,
                        new org.springframework.transaction.support.TransactionTemplate(transactionManager),
                        Duration.ofMinutes(2), instance);
                camel.getRegistry().bind(instance + "-read-lock",
                        new RemoteInboxReadLock<>(claims, Duration.ofSeconds(1), Duration.ofSeconds(5)));
                String uri = inboxUri.replace("exclusiveReadLockStrategy=#" + InboxEndpointUri.REMOTE_READ_LOCK_BEAN,
                        "exclusiveReadLockStrategy=#" + instance + "-read-lock");
                assertThat(uri).contains(instance + "-read-lock");
                camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).routeId(instance)
                                .threads(4)
                                .process(exchange -> taken.get(instance).incrementAndGet())
                                .bean("inboxIntake", "accept");
                    }
                });
            }
            List<Spec> specs = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
                specs.add(spec);
                server.upload("outbox", generator.zipFileName(spec), generator.dianZip(spec));
            }
            try {
                await().atMost(Duration.ofMinutes(3)).until(() -> server.pending("outbox").isEmpty()
                        && jdbc.sql("SELECT COUNT(DISTINCT original_name) FROM inbound_files WHERE status = 'REGISTERED'"
                                + " AND original_name LIKE 'z%'").query(Long.class).single() >= specs.size()
                        && jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE status NOT IN ('REGISTERED', 'DUPLICATE',"
                                + " 'QUARANTINED')").query(Long.class).single() == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("still pending on the server: " + server.pending("outbox") + "; records: "
                        + jdbc.sql("SELECT original_name, status, detail FROM inbound_files ORDER BY id").query()
                        .listOfRows() + "; claims: " + jdbc.sql("SELECT * FROM inbox_claims").query().listOfRows()
                        + "; taken: " + taken, e);
            }

            // Each file registered exactly once. A file taken again (its move to .done failed after its commit, seen
            // once on CI for the first file of a run) can only ever be recorded as a DUPLICATE of itself.
            long retaken = 0;
            for (Spec spec : specs) {
                String name = generator.zipFileName(spec);
                List<String> statuses = jdbc.sql("SELECT status FROM inbound_files WHERE original_name = :n ORDER BY id")
                        .param("n", name).query(String.class).list();
                assertThat(statuses).as(name + " (taken: " + taken + ")").first().isEqualTo("REGISTERED");
                assertThat(statuses.subList(1, statuses.size())).as(name).allMatch("DUPLICATE"::equals);
                retaken += statuses.size() - 1;
                assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE cufe = :c").param("c", spec.cufe())
                        .query(Long.class).single()).as(name).isEqualTo(1);
            }
            assertThat(retaken).as("files taken a second time (taken: " + taken + ")").isLessThanOrEqualTo(1);
            assertThat(taken.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(specs.size() + retaken);
        } finally {
            for (String instance : taken.keySet()) {
                camel.getRouteController().stopRoute(instance);
                camel.removeRoute(instance);
            }
            camel.getRouteController().startRoute("ingestion-poll-inbox");
        }
    }

    /** Public-key authentication: a second service instance logs in with its private key file, no password. */
    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @EntregaIntegrationTest
    @DirtiesContext
    class WithAPrivateKey {

        private static SftpTestServer keyServer;
        private static Path privateKey;

        @Autowired
        JdbcClient jdbc;
        @Autowired
        DocumentStore store;

        @BeforeAll
        static void startKeyServer() throws IOException {
            privateKey = Files.createTempDirectory("entrega-sftp-key-").resolve("id_ecdsa");
            KeyPair key = SftpTestServer.newClientKey(privateKey);
            keyServer = SftpTestServer.start().allowPublicKey(USER, key.getPublic()); // no password accepted
        }

        @AfterAll
        static void stopKeyServer() throws IOException {
            keyServer.close();
        }

        @DynamicPropertySource
        static void inbox(DynamicPropertyRegistry registry) {
            String uri = "sftp://" + USER + "@" + keyServer.host() + ":" + keyServer.port()
                    + "/outbox?privateKeyFile=" + privateKey + "&knownHostsFile=" + knownHosts(keyServer.knownHostsLine());
            registry.add("entrega.inbox.uri", () -> uri);
        }

        @Test
        void aDianZipIsIngestedAfterAPublicKeyLogin() throws Exception {
            IngestionLedger ledger = new IngestionLedger(jdbc);
            Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());

            keyServer.upload("outbox", generator.zipFileName(spec), generator.dianZip(spec));

            awaitStatus(ledger, generator.zipFileName(spec), "REGISTERED");
            assertThat(read(store, (String) ledger.invoice(spec.number()).get("pdf_document_id")))
                    .isEqualTo(generator.pdf(spec));
            await().atMost(Duration.ofSeconds(30)).until(() -> keyServer.pending("outbox").isEmpty());
            assertThat(keyServer.logins(USER, "publickey")).isPositive();
            assertThat(keyServer.attempts(USER, "password")).isZero();
        }
    }

    /**
     * A server at the inbox's address presenting a host key other than the one in known_hosts (an impostor, or a
     * re-installed server nobody vouched for) is refused during the key exchange: the password is never sent and
     * nothing is taken.
     */
    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @EntregaIntegrationTest
    @DirtiesContext
    class AgainstAServerWithAnUnknownHostKey {

        private static SftpTestServer impostor;

        @Autowired
        JdbcClient jdbc;

        @BeforeAll
        static void startImpostor() throws IOException {
            // It would accept the login: only the host key check can stop the client.
            impostor = SftpTestServer.start().allowPassword(USER, PASSWORD);
        }

        @AfterAll
        static void stopImpostor() throws IOException {
            impostor.close();
        }

        @DynamicPropertySource
        static void inbox(DynamicPropertyRegistry registry) throws IOException {
            Path otherKeyFile = Files.createTempDirectory("entrega-sftp-other-").resolve("id_ecdsa");
            // known_hosts vouches for another key at this very address.
            String trusted = impostor.knownHostsLine(SftpTestServer.newClientKey(otherKeyFile).getPublic());
            String uri = "sftp://" + USER + "@" + impostor.host() + ":" + impostor.port()
                    + "/outbox?password=RAW(" + PASSWORD + ")&knownHostsFile=" + knownHosts(trusted);
            registry.add("entrega.inbox.uri", () -> uri);
        }

        @Test
        void nothingIsTakenAndThePasswordIsNeverSent() throws Exception {
            IngestionLedger ledger = new IngestionLedger(jdbc);
            Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
            impostor.upload("outbox", generator.zipFileName(spec), generator.dianZip(spec));
            int attemptsBefore = impostor.sessions();

            // For a window far longer than an accepted server takes to deliver a file, nothing happens ...
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    ledger.inbound().isEmpty()
                            && impostor.pending("outbox").equals(List.of(generator.zipFileName(spec)))
                            && impostor.attempts(USER, "password") == 0
                            && impostor.attempts(USER, "publickey") == 0);
            // ... while the consumer kept connecting (it is polling, not stuck) and dropped every session at the key
            // exchange, before authentication.
            assertThat(impostor.sessions()).isGreaterThan(attemptsBefore);
        }
    }

    /** A known_hosts file holding the given line, in a fresh folder. */
    private static String knownHosts(String line) {
        try {
            return SftpTestServer.writeKnownHosts(
                    Files.createTempDirectory("entrega-known-hosts-").resolve("known_hosts"), line).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitStatus(IngestionLedger ledger, String name, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                status.equals(ledger.inbound(name).map(IngestionLedger.Inbound::status).orElse(null)));
    }

    private static byte[] read(DocumentStore store, String documentId) throws IOException {
        try (InputStream in = store.open(documentId)) {
            return in.readAllBytes();
        }
    }
}
