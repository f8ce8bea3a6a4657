package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.IngestionLedger;
import co.entrega.support.SftpTestServer;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code .done} audit and retention on an SFTP inbox (Apache MINA SSHD, host-key checking on, a password that
 * needs RAW(...)): read over the inbox's own connection, as on a folder inbox.
 */
@EntregaIntegrationTest
@DirtiesContext
class SftpDoneFolderTest {

    private static final String USER = "erp";
    private static final String PASSWORD = "Erp#2026+p&ss%20";
    private static final AtomicLong SEQ = new AtomicLong(53_000);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SftpTestServer server;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

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
    static void inbox(DynamicPropertyRegistry registry) throws IOException {
        Path knownHosts = SftpTestServer.writeKnownHosts(
                Files.createTempDirectory("entrega-known-hosts-").resolve("known_hosts"), server.knownHostsLine());
        String uri = "sftp://" + USER + "@" + server.host() + ":" + server.port()
                + "/outbox?password=RAW(" + PASSWORD + ")&knownHostsFile=" + knownHosts;
        registry.add("entrega.inbox.uri", () -> uri);
        registry.add("entrega.inbox.done-recheck-interval", () -> "300ms");
    }

    @Test
    void anOrphanInDoneOnTheServerIsTakenAgainWhereItIsAndAFileWithItsRowIsNot() throws Exception {
        IngestionLedger ledger = new IngestionLedger(jdbc);
        double before = meters.get("entrega.ingestion.recovered.files").counter().count();
        Spec uploaded = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String uploadedName = generator.zipFileName(uploaded);
        server.upload("outbox", uploadedName, generator.dianZip(uploaded));
        awaitStatus(ledger, uploadedName, "REGISTERED");
        String uploadedDone = jdbc.sql("SELECT done_name FROM inbound_files WHERE original_name = :n")
                .param("n", uploadedName).query(String.class).single();
        await().atMost(WAIT).until(() -> server.done("outbox").contains(".done/" + uploadedDone));

        Spec orphan = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String orphanName = generator.zipFileName(orphan);
        String orphanDone = LocalDate.now().format(FOLDER) + "/101500123-" + orphanName;
        Path placed = placeInDone(orphanDone, generator.dianZip(orphan));

        awaitStatus(ledger, orphanName, "REGISTERED");
        assertThat(jdbc.sql("SELECT done_name FROM inbound_files WHERE original_name = :n").param("n", orphanName)
                .query(String.class).single()).isEqualTo(orphanDone);
        assertThat(jdbc.sql("SELECT source FROM inbound_files WHERE original_name = :n").param("n", orphanName)
                .query(String.class).single())
                .startsWith("sftp://" + USER + "@" + server.host() + ":" + server.port() + "/outbox/.done")
                .doesNotContain("Erp#2026");
        assertThat(placed).exists().hasBinaryContent(generator.dianZip(orphan));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE original_name = :n").param("n", uploadedName)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(meters.get("entrega.ingestion.recovered.files").counter().count()).isEqualTo(before + 1);
    }

    @Test
    void filesOfDateFoldersOlderThanTheRetentionAreDeletedOverSftpAndNewerOnesKept() throws Exception {
        Path expired = placeInDone(LocalDate.now().minusDays(100).format(FOLDER) + "/101500123-expired-"
                + SEQ.incrementAndGet() + ".xml", "<x/>".getBytes());
        Path kept = placeInDone(LocalDate.now().minusDays(30).format(FOLDER) + "/101500123-kept-"
                + SEQ.incrementAndGet() + ".xml", "<x/>".getBytes());

        await().atMost(WAIT).until(() -> !Files.exists(expired));
        assertThat(kept).exists();
    }

    /** Puts a file in the server's {@code outbox/.done} the way the inbox does: whole, by a rename. */
    private static Path placeInDone(String doneName, byte[] content) throws IOException {
        Path target = server.root().resolve("outbox").resolve(".done").resolve(doneName);
        Files.createDirectories(target.getParent());
        Path hidden = target.resolveSibling("." + target.getFileName() + ".writing");
        Files.write(hidden, content);
        return Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitStatus(IngestionLedger ledger, String name, String status) {
        await().atMost(WAIT).until(() -> ledger.inbound(name).map(IngestionLedger.Inbound::status)
                .filter(status::equals).isPresent());
    }
}
