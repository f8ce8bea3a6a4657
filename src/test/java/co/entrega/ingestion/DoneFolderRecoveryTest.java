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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The safety net for processed files with no record, on a folder inbox: a file in {@code .done} whose
 * {@code inbound_files} row is missing (its commit was lost) is taken again where it is; a file with its row, or
 * outside the window, is not; date folders past the retention are deleted.
 */
@EntregaIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "entrega.inbox.done-recheck-interval=300ms")
class DoneFolderRecoveryTest {

    private static final AtomicLong SEQ = new AtomicLong(52_000);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private InboxFolder inbox;
    private IngestionLedger ledger;

    @BeforeEach
    void setUp() throws IOException {
        inbox = new InboxFolder(dataDir.resolve("inbox"));
        ledger = new IngestionLedger(jdbc);
    }

    @Test
    void aProcessedFileWithNoRecordIsTakenAgainWhereItIsAndCounted(CapturedOutput output) throws Exception {
        double before = recovered();
        Spec spec = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String name = generator.zipFileName(spec);
        String doneName = folder(LocalDate.now()) + "/101500123-" + name;

        Path orphan = placeInDone(doneName, generator.dianZip(spec));

        awaitStatus(name, "REGISTERED");
        assertThat(ledger.invoice(spec.number()).get("cufe")).isEqualTo(spec.cufe());
        assertThat(row(name, "done_name")).isEqualTo(doneName);
        assertThat((String) row(name, "source")).contains("inbox/.done");
        // Left where it is, whole.
        assertThat(orphan).exists().hasBinaryContent(generator.dianZip(spec));
        assertThat(recovered()).isEqualTo(before + 1);
        assertThat(output).contains("'.done/" + doneName + "' was processed but has no record in inbound_files");

        // A later audit (the one that takes the next orphan) passes the first by: its row records where it is.
        Spec next = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        placeInDone(folder(LocalDate.now()) + "/101500124-" + generator.zipFileName(next), generator.dianZip(next));
        awaitStatus(generator.zipFileName(next), "REGISTERED");
        assertThat(rows(name)).isEqualTo(1);
        assertThat(recovered()).isEqualTo(before + 2);
    }

    @Test
    void aFileWithItsRowAndAFileOutsideTheWindowAreNotTakenAgain() throws Exception {
        // Through the inbox: recorded, and moved to the done name recorded with it.
        Spec recorded = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String recordedName = generator.zipFileName(recorded);
        inbox.drop(recordedName, generator.dianZip(recorded));
        awaitStatus(recordedName, "REGISTERED");
        String doneName = (String) row(recordedName, "done_name");
        assertThat(doneName).matches(folder(LocalDate.now()) + "/\\d{9}-" + recordedName.replace(".", "\\."));
        await().atMost(WAIT).until(() -> Files.exists(done(doneName)) && inbox.pending() == 0);

        // Taken before done names were recorded (V12): its row has none, the original name tells.
        Spec older = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String olderName = generator.zipFileName(older);
        inbox.drop(olderName, generator.dianZip(older));
        awaitStatus(olderName, "REGISTERED");
        String olderDoneName = (String) row(olderName, "done_name");
        await().atMost(WAIT).until(() -> Files.exists(done(olderDoneName)));
        jdbc.sql("UPDATE inbound_files SET done_name = NULL WHERE original_name = :n").param("n", olderName).update();

        // Outside entrega.inbox.done-recheck-window (2d): never looked at.
        Spec outside = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        String outsideName = generator.zipFileName(outside);
        placeInDone(folder(LocalDate.now().minusDays(5)) + "/101500123-" + outsideName, generator.dianZip(outside));

        // Once an orphan placed after all of them is taken, an audit has gone over them.
        Spec orphan = SampleInvoiceGenerator.sample(SEQ.incrementAndGet());
        placeInDone(folder(LocalDate.now()) + "/101500125-" + generator.zipFileName(orphan), generator.dianZip(orphan));
        awaitStatus(generator.zipFileName(orphan), "REGISTERED");

        assertThat(rows(recordedName)).isEqualTo(1);
        assertThat(rows(olderName)).isEqualTo(1);
        assertThat(rows(outsideName)).isZero();
    }

    @Test
    void dateFoldersOlderThanTheRetentionAreDeletedAndNewerOnesKept() throws Exception {
        Path expired = placeInDone(folder(LocalDate.now().minusDays(100)) + "/101500123-expired-" + SEQ.incrementAndGet()
                + ".xml", "<x/>".getBytes());
        Path kept = placeInDone(folder(LocalDate.now().minusDays(30)) + "/101500123-kept-" + SEQ.incrementAndGet()
                + ".xml", "<x/>".getBytes());

        // The file first, then (its folder now empty) the folder.
        await().atMost(WAIT).until(() -> !Files.exists(expired.getParent()));
        assertThat(kept).exists();
        // Neither is ingested: both are outside the audit's window.
        assertThat(ledger.inbound()).noneMatch(f -> f.name().contains("expired-") || f.name().contains("kept-"));
    }

    private double recovered() {
        return meters.get("entrega.ingestion.recovered.files").counter().count();
    }

    private static String folder(LocalDate date) {
        return date.format(FOLDER);
    }

    private Path done(String doneName) {
        return dataDir.resolve("inbox").resolve(".done").resolve(doneName);
    }

    /** Puts a file in {@code .done} the way the inbox does: whole, by a rename. */
    private Path placeInDone(String doneName, byte[] content) throws IOException {
        Path target = done(doneName);
        Files.createDirectories(target.getParent());
        Path hidden = target.resolveSibling("." + target.getFileName() + ".writing");
        Files.write(hidden, content);
        return Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitStatus(String name, String status) {
        await().atMost(WAIT).until(() -> ledger.inbound(name).map(IngestionLedger.Inbound::status)
                .filter(status::equals).isPresent());
    }

    private Object row(String name, String column) {
        List<Object> values = jdbc.sql("SELECT " + column + " FROM inbound_files WHERE original_name = :n ORDER BY id")
                .param("n", name).query((rs, n) -> rs.getObject(1)).list();
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private long rows(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE original_name = :n").param("n", name)
                .query(Long.class).single();
    }
}
