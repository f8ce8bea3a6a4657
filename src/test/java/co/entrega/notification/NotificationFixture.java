package co.entrega.notification;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Drops invoices and reads the outbox, for the notification tests. */
final class NotificationFixture {

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private final InboxFolder inbox;
    private final IngestionLedger ledger;
    private final JdbcClient jdbc;

    NotificationFixture(Path dataDir, JdbcClient jdbc) throws Exception {
        this.inbox = new InboxFolder(dataDir.resolve("inbox"));
        this.ledger = new IngestionLedger(jdbc);
        this.jdbc = jdbc;
    }

    Spec invoiceFor(long seq, String nit, String email) {
        return SampleInvoiceGenerator.sample(seq).withCustomer(nit, "1", "Cliente " + nit, email);
    }

    void ingest(Spec spec) throws Exception {
        inbox.drop(generator.zipFileName(spec), generator.dianZip(spec));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(generator.zipFileName(spec))
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
    }

    /** Drops them all at once, then waits until every one is registered. */
    void ingestAll(List<Spec> specs) throws Exception {
        for (Spec spec : specs) {
            inbox.drop(generator.zipFileName(spec), generator.dianZip(spec));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> specs.stream().allMatch(spec ->
                ledger.inbound(generator.zipFileName(spec)).map(f -> f.status().equals("REGISTERED")).orElse(false)));
    }

    List<Map<String, Object>> outbox() {
        return jdbc.sql("SELECT * FROM mail_outbox ORDER BY id").query().listOfRows();
    }

    /** Rows of this status for one recipient: robust when the test context (and database) is shared. */
    long outboxCount(String status, String recipients) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status = :s AND recipients = :r")
                .param("s", status).param("r", recipients).query(Long.class).single();
    }

    long outboxCount(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status = :s").param("s", status)
                .query(Long.class).single();
    }
}
