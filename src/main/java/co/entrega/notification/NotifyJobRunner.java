package co.entrega.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import co.entrega.cluster.ClusterProperties;
import co.entrega.cluster.DedicatedThreads;
import co.entrega.cluster.InstanceRegistry;
import co.entrega.cluster.InstanceStopped;
import co.entrega.cluster.ThisInstance;
import co.entrega.ingestion.InvoicesReady;

/**
 * Runs notify-recipients on its schedule, soon after ingestion registers invoices, and on demand; never two runs at
 * once, in this instance or any other on the same database: every run (and restart) holds the cluster lock
 * {@value #JOB_NAME} (ShedLock, a row in table {@code shedlock}) for as long as it goes. The lock is renewed while
 * the run goes and expires {@code entrega.cluster.lock-expiry} (2 minutes) after an instance that died stopped
 * renewing it.
 * <p>The lock is what makes the job's single-run rule hold across instances; the outbox's unique dedup keys are what
 * make a double queue impossible even if it did not (two runs at once would collide on them and one would fail).
 */
@Component
public class NotifyJobRunner implements SchedulingConfigurer {

    /** The identifying parameter that makes each run a job instance of its own. */
    static final String RUN_ID = "run.id";

    /** The job's name, as the job repository and the console know it; also the cluster lock's name. */
    public static final String JOB_NAME = NotifyRecipientsJobConfiguration.JOB_NAME;

    private static final Logger log = LoggerFactory.getLogger(NotifyJobRunner.class);

    private final JobOperator operator;
    private final Job job;
    private final JobRepository repository;
    private final NotifyJobProperties properties;
    private final LockingTaskExecutor clusterLock;
    private final Duration lockExpiry;
    private final AtomicBoolean runRequested = new AtomicBoolean();
    private final ScheduledExecutorService soon = DedicatedThreads.scheduler("notify-recipients-trigger");

    /** The key, in a run's execution context, of the instance running it (set as the run or restart begins). */
    static final String INSTANCE_KEY = "entrega.instance";

    private final ThisInstance instance;
    private final InstanceRegistry instances;
    private final JdbcClient jdbc;

    NotifyJobRunner(JobOperator operator, Job notifyRecipientsJob, JobRepository repository,
                    NotifyJobProperties properties, LockingTaskExecutor clusterLock,
                    ClusterProperties cluster, ThisInstance instance, InstanceRegistry instances,
                    JdbcClient jdbc) {
        this.instance = instance;
        this.instances = instances;
        this.jdbc = jdbc;
        this.operator = operator;
        this.job = notifyRecipientsJob;
        this.repository = repository;
        this.properties = properties;
        this.clusterLock = clusterLock;
        this.lockExpiry = cluster.lockExpiry();
    }

    /**
     * Starts a new run now, unless one is running here or in another instance.
     *
     * @return the finished execution, or null if a run was going
     */
    public JobExecution runNow() throws Exception {
        // A new job instance each time, by a run.id of its own (the clock, under the cluster lock) rather than
        // startNextInstance's "last instance's run.id plus one": Spring Batch 6 commits a new instance before its first
        // execution, and a process killed between the two leaves an instance without one, on which
        // startNextInstance fails ("Cannot find any job execution") on every later run.
        return underClusterLock("run", () -> operator.start(job, new JobParametersBuilder()
                .addLong(RUN_ID, System.currentTimeMillis()).toJobParameters()));
    }

    /**
     * Restarts a FAILED or STOPPED execution (it resumes where it failed, with the same parameters), under the same
     * lock as {@link #runNow}. @return the restarted execution, or null if a run was going
     */
    public JobExecution restart(JobExecution failed) throws Exception {
        return underClusterLock("restart of execution " + failed.getId(), () -> operator.restart(failed));
    }

    /** On {@code entrega.jobs.notify-recipients.schedule}, taken from the properties so the default has one home. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addCronTask(this::onSchedule, properties.schedule());
    }

    void onSchedule() {
        if (properties.enabled()) {
            runQuietly();
        }
    }

    /** {@code entrega.jobs.notify-recipients.run-at-start=true}: one run as soon as the service is up (the CLI way). */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (properties.runAtStart()) {
            soon.execute(this::runQuietly);
        } else {
            soon.execute(this::failRunsOrphanedByACrash);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onInvoicesReady(InvoicesReady ready) {
        if (properties.enabled() && properties.runAfterIngestion() && runRequested.compareAndSet(false, true)) {
            soon.schedule(() -> {
                runRequested.set(false);
                runQuietly();
            }, properties.afterIngestionDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * An instance that stopped may have held the job's lock and left a run recorded as going: the lock is released
     * now (not after its expiry), and a run follows at once, which marks that run FAILED (see markOrphansFailed) and
     * notifies what it had not.
     */
    @EventListener
    void onInstanceStopped(InstanceStopped stopped) {
        int released = jdbc.sql("UPDATE shedlock SET lock_until = locked_at WHERE locked_by = :instance AND name = :name")
                .param("instance", stopped.instanceId()).param("name", JOB_NAME).update();
        if (released > 0) {
            log.warn("Released the {} lock held by stopped instance {}", JOB_NAME, stopped.instanceId());
        }
        if (properties.enabled()) {
            soon.execute(this::runQuietly);
        } else {
            soon.execute(this::failRunsOrphanedByACrash);
        }
    }

    /**
     * Marks FAILED the runs left STARTED by an instance that died, so they can be restarted: under the cluster lock no
     * run can be going anywhere, so any run still recorded as going is one whose process is gone. Done at start-up
     * and before every run (if a run holds the lock, there is nothing to check).
     */
    void failRunsOrphanedByACrash() {
        try {
            underClusterLock("orphan check", () -> 0);
        } catch (Exception e) {
            log.warn("could not check for notify-recipients runs left by a stopped instance", e);
        }
    }

    private <T> T underClusterLock(String what, LockingTaskExecutor.TaskWithResult<T> task) throws Exception {
        LockingTaskExecutor.TaskResult<T> result;
        try {
            result = clusterLock.executeWithLock(() -> {
                markOrphansFailed();
                return task.call();
            }, new LockConfiguration(Instant.now(), JOB_NAME, lockExpiry, Duration.ZERO));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (!result.wasExecuted()) {
            log.info("notify-recipients is running (here or in another instance); {} not done", what);
            return null;
        }
        return result.getResult();
    }

    /**
     * Runs recorded as going whose instance has stopped (it is no longer registered), or whose records nobody has
     * touched for longer than the lock expiry: under the lock, a run still going elsewhere is impossible, and a run
     * whose lock was lost (its instance stalled past the expiry) is left alone while its instance is registered and
     * it is still writing.
     */
    private int markOrphansFailed() {
        int marked = 0;
        LocalDateTime silentSince = LocalDateTime.now().minus(lockExpiry);
        for (JobExecution orphan : repository.findRunningJobExecutions(JOB_NAME)) {
            JobExecution execution = repository.getJobExecution(orphan.getId());
            if (execution == null) {
                continue;
            }
            String startedBy = execution.getExecutionContext().containsKey(INSTANCE_KEY)
                    ? execution.getExecutionContext().getString(INSTANCE_KEY) : null;
            boolean instanceStopped = startedBy != null && !startedBy.equals(instance.id())
                    && !instances.isRegistered(startedBy);
            if (!instanceStopped && lastWrite(execution).isAfter(silentSince)) {
                continue;
            }
            for (StepExecution step : execution.getStepExecutions()) {
                if (step.getStatus().isRunning()) {
                    step.setStatus(BatchStatus.FAILED);
                    step.setExitStatus(ExitStatus.FAILED.addExitDescription("interrupted: the service stopped"));
                    step.setEndTime(LocalDateTime.now());
                    repository.update(step);
                }
            }
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription("interrupted: the service stopped"));
            execution.setEndTime(LocalDateTime.now());
            repository.update(execution);
            marked++;
            log.warn("notify-recipients execution {} was left running by a stopped service; marked FAILED",
                    execution.getId());
        }
        return marked;
    }

    private static LocalDateTime lastWrite(JobExecution execution) {
        LocalDateTime last = execution.getLastUpdated() != null ? execution.getLastUpdated() : execution.getCreateTime();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getLastUpdated() != null && step.getLastUpdated().isAfter(last)) {
                last = step.getLastUpdated();
            }
        }
        return last;
    }

    private void runQuietly() {
        try {
            JobExecution execution = runNow();
            if (execution != null && execution.getStatus() != BatchStatus.COMPLETED) {
                log.warn("notify-recipients run {} ended {}: {}", execution.getId(), execution.getStatus(),
                        execution.getExitStatus().getExitDescription());
            }
        } catch (Exception e) {
            log.error("notify-recipients could not run", e);
        }
    }
}
