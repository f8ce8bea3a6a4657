package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.reset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.NotifyRuns;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * What notify-recipients does when one chunk goes wrong (job.yaml's retry-limit and skip-limit): a transient database
 * error is retried and the run completes with every email queued once; an invoice that cannot be notified is skipped,
 * the others of its chunk are notified, and it is tried again on the next run.
 */
@EntregaIntegrationTest
@DirtiesContext
class NotifyJobFaultToleranceTest {

    static final GreenMail smtp = TestSmtp.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.jobs.notify-recipients.run-after-ingestion", () -> "false");
        registry.add("entrega.jobs.notify-recipients.chunk-size", () -> "2");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @MockitoSpyBean
    MailOutbox outbox;
    @Autowired
    NotifyJobRunner runner;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aTransientDatabaseErrorIsRetriedAndEveryEmailIsQueuedOnce() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingestAll(List.of(fixture.invoiceFor(51001, "875000001", "uno@retry.co"),
                fixture.invoiceFor(51002, "875000002", "dos@retry.co"),
                fixture.invoiceFor(51003, "875000003", "tres@retry.co")));
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        awaitOutboxIdle(); // a sender still sending an earlier test's emails would call the spy while it is stubbed
        SenderPause.whileStubbing(camel, () ->
            doAnswer(invocation -> {
                if (calls.incrementAndGet() == 2 && failed.compareAndSet(false, true)) {
                    // A statement of the chunk's transaction fails, as one that lost a deadlock would: on PostgreSQL
                    // that aborts the transaction, and the retry must still be able to write.
                    try {
                        jdbc.sql("SELECT no_such_column FROM mail_outbox").query(Long.class).list();
                    } catch (org.springframework.dao.DataAccessException expected) {
                        // the statement's failure is the point
                    }
                    throw new TransientDataAccessResourceException("simulated: the statement lost a deadlock");
                }
                return invocation.callRealMethod();
            }).when(outbox).queue(any(), anyString(), anyLong(), any(), any(), anyString()));
        try {
            JobExecution run = NotifyRuns.runWhenLockFree(runner);

            assertThat(failed).isTrue();
            assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(step(run).getSkipCount()).isZero();
            // three new customers: activation, password and invoice each, every dedup key once
            assertThat(queuedFor("%@retry.co")).isEqualTo(9);
            assertThat(unnotified("875000001", "875000002", "875000003")).isZero();
        } finally {
            awaitOutboxIdle();
            SenderPause.whileStubbing(camel, () -> reset(outbox));
        }
    }

    @Test
    void anInvoiceThatCannotBeNotifiedIsSkippedAndTriedAgainOnTheNextRun() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingestAll(List.of(fixture.invoiceFor(52001, "876000001", "uno@skip.co"),
                fixture.invoiceFor(52002, "876000002", "dos@skip.co"),
                fixture.invoiceFor(52003, "876000003", "tres@skip.co")));
        // The second invoice's customer, the one sharing the first chunk, has an address no relay would take.
        jdbc.sql("UPDATE customers SET email = 'dos@@skip.co' WHERE nit = '876000002'").update();

        JobExecution first = NotifyRuns.runWhenLockFree(runner);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(first).getSkipCount()).isEqualTo(1);
        assertThat(queuedFor("uno@skip.co")).isEqualTo(3);
        assertThat(queuedFor("tres@skip.co")).isEqualTo(3);
        assertThat(queuedFor("dos@%")).isZero();
        assertThat(unnotified("876000002")).isEqualTo(1);
        assertThat(unnotified("876000001", "876000003")).isZero();

        JobExecution stillWrong = NotifyRuns.runWhenLockFree(runner);
        assertThat(stillWrong.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(stillWrong).getSkipCount()).isEqualTo(1);

        jdbc.sql("UPDATE customers SET email = 'dos@skip.co' WHERE nit = '876000002'").update();
        JobExecution fixed = NotifyRuns.runWhenLockFree(runner);

        assertThat(fixed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(fixed).getSkipCount()).isZero();
        assertThat(queuedFor("dos@skip.co")).isEqualTo(3);
        assertThat(queuedFor("%@skip.co")).isEqualTo(9);
        assertThat(unnotified("876000001", "876000002", "876000003")).isZero();
    }

    private void awaitOutboxIdle() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM mail_outbox WHERE status IN ('PENDING', 'SENDING')").query(Long.class).single() == 0);
    }

    private static StepExecution step(JobExecution execution) {
        return execution.getStepExecutions().iterator().next();
    }

    private long queuedFor(String recipientPattern) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipients LIKE :to").param("to", recipientPattern)
                .query(Long.class).single();
    }

    private long unnotified(String... nits) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM invoices i JOIN customers c ON c.id = i.customer_id
                WHERE c.nit IN (:nits) AND i.notified_at IS NULL""").param("nits", List.of(nits))
                .query(Long.class).single();
    }
}
