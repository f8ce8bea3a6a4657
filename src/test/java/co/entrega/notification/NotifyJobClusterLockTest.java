package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import co.entrega.support.NotifyRuns;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Several instances on one database: the notify job's cluster lock (a ShedLock row) keeps a second run from
 * starting anywhere while one goes, and even two runs forced side by side, past the lock, queue no email twice.
 */
@EntregaIntegrationTest
@DirtiesContext
class NotifyJobClusterLockTest {

    static final GreenMail smtp = TestSmtp.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.jobs.notify-recipients.run-after-ingestion", () -> "false");
        registry.add("entrega.jobs.notify-recipients.chunk-size", () -> "5");
        registry.add("entrega.mail.poll-interval", () -> "1h"); // the outbox is counted, not sent
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Autowired
    NotifyJobRunner runner;
    @Autowired
    JdbcTemplateLockProvider locks;
    @Autowired
    JobOperator operator;
    @Autowired
    Step notifyRecipientsStep;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void whileAnotherInstanceHoldsTheLockNoRunStartsAndAfterwardsOneDoes() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingest(fixture.invoiceFor(41001, "871000001", "cliente@lock.co"));
        long executionsBefore = executions();
        long queuedBefore = queued();

        // Another instance is running notify-recipients: it holds the lock row.
        // (Waits for the lock: this service's own start-up orphan check may hold it for a moment.)
        Optional<SimpleLock> otherInstance = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                .until(() -> locks.lock(new LockConfiguration(Instant.now(), NotifyJobRunner.JOB_NAME,
                        Duration.ofMinutes(1), Duration.ZERO)), Optional::isPresent);
        try {
            assertThat(runner.runNow()).isNull();
            assertThat(runner.restart(org.mockito.Mockito.mock(JobExecution.class))).isNull(); // a restart waits for the lock just the same
            assertThat(executions()).isEqualTo(executionsBefore);
            assertThat(queued()).isEqualTo(queuedBefore);
        } finally {
            otherInstance.get().unlock();
        }

        JobExecution run = NotifyRuns.runWhenLockFree(runner);
        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(queued() - queuedBefore).isEqualTo(3); // activation, password, invoice
    }

    @Test
    void aRunLeftGoingByADeadInstanceIsMarkedFailedByTheNextRunAnywhere() throws Exception {
        JobExecution orphan = NotifyRuns.runWhenLockFree(runner);
        // What a killed instance leaves behind: its run still STARTED in the job repository, untouched for longer
        // than the lock expiry (2 minutes), its lock expired.
        java.time.LocalDateTime longAgo = java.time.LocalDateTime.now().minusMinutes(10);
        jdbc.sql("""
                UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', END_TIME = NULL, LAST_UPDATED = :t
                WHERE JOB_EXECUTION_ID = :id""").param("t", longAgo).param("id", orphan.getId()).update();
        jdbc.sql("UPDATE BATCH_STEP_EXECUTION SET LAST_UPDATED = :t WHERE JOB_EXECUTION_ID = :id")
                .param("t", longAgo).param("id", orphan.getId()).update();

        JobExecution next = NotifyRuns.runWhenLockFree(runner);

        assertThat(next.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = :id")
                .param("id", orphan.getId()).query(String.class).single()).isEqualTo("FAILED");
    }

    @Test
    void twoRunsForcedSideBySidePastTheLockStillQueueEachEmailOnce() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        int customers = 20;
        List<co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec> invoices = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            String nit = "8720000" + String.format("%02d", i);
            invoices.add(fixture.invoiceFor(42001 + 2 * i, nit, "c" + i + "@side.co"));
            invoices.add(fixture.invoiceFor(42002 + 2 * i, nit, "c" + i + "@side.co"));
        }
        fixture.ingestAll(invoices);
        long before = queued();

        // The job's own step in a job without the run.id incrementer, so each run gets the parameters given here: two
        // job instances at once, as two instances that both missed the lock would start.
        Job unguarded = new JobBuilder(NotifyJobRunner.JOB_NAME, jobRepository).start(notifyRecipientsStep).build();
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<JobExecution>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                long id = i;
                Callable<JobExecution> run = () -> operator.start(unguarded, new JobParametersBuilder()
                        .addLong("run.id", System.nanoTime() + id).toJobParameters());
                runs.add(two.submit(run));
            }
            for (Future<JobExecution> run : runs) {
                try {
                    run.get();
                } catch (java.util.concurrent.ExecutionException refused) {
                    // Spring Batch creates executions in a SERIALIZABLE transaction: on PostgreSQL one of two
                    // simultaneous launches may be refused outright. Also an acceptable outcome.
                    assertThat(refused.getCause()).isInstanceOf(org.springframework.dao.ConcurrencyFailureException.class);
                }
            }
        } finally {
            two.shutdown();
        }
        // One run may have lost a race on a dedup key and failed, or not started: a rerun finishes whatever is left.
        assertThat(NotifyRuns.runWhenLockFree(runner).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        // 20 customers: activation + password each, and 40 invoice emails; every dedup key once.
        assertThat(queued() - before).isEqualTo(2L * customers + 2L * customers);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM portal_accounts WHERE username LIKE '8720000%'")
                .query(Long.class).single()).isEqualTo(customers);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE notified_at IS NULL").query(Long.class).single())
                .isZero();
    }

    private long executions() {
        return jdbc.sql("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION").query(Long.class).single();
    }

    private long queued() {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox").query(Long.class).single();
    }
}
