package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import co.entrega.support.NotifyRuns;
import co.entrega.support.MailboxReader;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The exactly-once proof: notify-recipients fails in the middle of its second chunk, is restarted with the same
 * parameters, and the mailbox ends with every email exactly once.
 */
@EntregaIntegrationTest
@DirtiesContext
class NotifyJobRestartTest {

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
    JobOperator operator;
    @Autowired
    NotifyJobRunner runner;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aRunThatFailsMidChunkIsRestartedAndEveryEmailArrivesExactlyOnce() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        for (int i = 0; i < 3; i++) { // three new customers: 3 emails each
            fixture.ingest(fixture.invoiceFor(32001 + i, "86600000" + i, "cliente" + i + "@restart.co"));
        }
        // The 8th email queued (second chunk, third invoice) fails once, as a crash in the middle of a chunk would.
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        SenderPause.whileStubbing(camel, () ->
            doAnswer(invocation -> {
                if (calls.incrementAndGet() == 8 && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash in the middle of a chunk");
                }
                return invocation.callRealMethod();
            }).when(outbox).queue(any(), anyString(), anyLong(), any(), any(), anyString()));

        JobExecution first = NotifyRuns.runWhenLockFree(runner);
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE notified_at IS NOT NULL").query(Long.class).single())
                .isEqualTo(2); // the first chunk committed, the second rolled back

        JobExecution restarted = operator.restart(first);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(first.getJobInstance().getInstanceId());

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 9);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == 9);
        List<MailboxReader.Mail> mails = MailboxReader.read(smtp.getReceivedMessages());
        assertThat(mails).extracting(mail -> mail.to() + " " + mail.subject()).doesNotHaveDuplicates();
        assertThat(mails).filteredOn(mail -> mail.subject().equals("Activación de usuario")).hasSize(3);
        assertThat(mails).filteredOn(mail -> mail.subject().equals("Contraseña de acceso")).hasSize(3);
        assertThat(mails).filteredOn(mail -> mail.subject().startsWith("900123456;")).hasSize(3);
    }

    @Test
    void aJobInstanceLeftWithoutAnExecutionByAKillDoesNotStopLaterRuns() throws Exception {
        // What kill -9 between Spring Batch 6's two commits leaves: the newest instance, and no execution of it.
        long orphan = jdbc.sql("SELECT COALESCE(MAX(JOB_INSTANCE_ID), 0) + 1000 FROM BATCH_JOB_INSTANCE")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY)"
                        + " VALUES (:id, 0, :name, :key)")
                .param("id", orphan).param("name", NotifyJobRunner.JOB_NAME).param("key", "0rphan" + orphan).update();

        // null while another run holds the cluster lock (the schedule's): try again until this one runs
        java.util.concurrent.atomic.AtomicReference<org.springframework.batch.core.job.JobExecution> ran =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> { ran.set(runner.runNow()); return ran.get() != null; });
        org.springframework.batch.core.job.JobExecution run = ran.get();

        assertThat(run.getStatus()).isEqualTo(org.springframework.batch.core.BatchStatus.COMPLETED);
        assertThat(run.getJobInstance().getInstanceId()).isNotEqualTo(orphan);
    }
}
