package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import co.entrega.EntregaApplication;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.IngestionLedger;
import co.entrega.support.TestDatabases;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service is stopped in the middle of a drop and started again on the same database, documents and inbox:
 * every file ends registered exactly once (or as a duplicate of the same document), none is lost.
 */
class RestartIdempotencyTest {

    private static final int DOCUMENTS = 120;

    @Test
    void aRestartInTheMiddleOfADropLosesNothingAndRegistersNothingTwice(@TempDir Path dir) throws IOException {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        List<Path> files = new SampleInvoiceGenerator().writeSamples(staging, DOCUMENTS, 7000);
        List<String> args = arguments(dir);

        for (Path file : files) {
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        try (ConfigurableApplicationContext first = start(args)) {
            IngestionLedger ledger = ledger(first);
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.finalFiles() >= files.size() / 4);
        } // stopped here, with most of the drop still in the inbox

        try (ConfigurableApplicationContext second = start(args)) {
            IngestionLedger ledger = ledger(second);
            await().atMost(Duration.ofSeconds(120)).until(() -> pending(inbox) == 0
                    && ledger.countByStatus("WAITING") == 0 && ledger.countByStatus("PAIRING") == 0);

            assertThat(ledger.quarantine()).isEmpty();
            assertThat(ledger.invoices()).isEqualTo(DOCUMENTS);
            assertThat(ledger.countByStatus("REGISTERED")).isEqualTo(files.size());
            assertThat(ledger.finalFiles()).isEqualTo(files.size());
        }
    }

    private static List<String> arguments(Path dir) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Object> property : TestDatabases.newDurableDatabase(dir.resolve("db")).entrySet()) {
            args.add("--" + property.getKey() + "=" + property.getValue());
        }
        args.addAll(List.of("--entrega.data-dir=" + dir.resolve("data"), "--server.port=0",
                "--entrega.samples.seed-on-start=false", "--entrega.inbox.poll-delay=50ms",
                "--entrega.inbox.read-lock-check-interval=100ms", "--entrega.inbox.max-files-per-poll=10",
                "--entrega.ingestion.pair-wait=20s", "--entrega.ingestion.sweep-interval=500ms",
                "--camel.main.shutdown-timeout=5"));
        return args;
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(EntregaApplication.class).run(args.toArray(String[]::new));
    }

    private static IngestionLedger ledger(ConfigurableApplicationContext context) {
        return new IngestionLedger(context.getBean(JdbcClient.class));
    }

    private static long pending(Path inbox) throws IOException {
        try (Stream<Path> entries = Files.list(inbox)) {
            return entries.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .count();
        }
    }
}
