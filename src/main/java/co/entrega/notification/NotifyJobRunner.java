package co.entrega.notification;

import java.time.LocalDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import co.entrega.ingestion.InvoicesReady;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs notify-recipients on its schedule, soon after ingestion registers invoices, and on demand; never two runs at
 * once in this instance.
 */
@Component
public class NotifyJobRunner {

    /** The job's name, as the job repository and the console know it. */
    public static final String JOB_NAME = NotifyRecipientsJobConfiguration.JOB_NAME;

    private static final Logger log = LoggerFactory.getLogger(NotifyJobRunner.class);

    private final JobLauncher launcher;
    private final Job job;
    private final JobExplorer explorer;
    private final JobRepository repository;
    private final NotifyJobProperties properties;
    private final AtomicBoolean runRequested = new AtomicBoolean();
    private final ScheduledExecutorService soon = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "notify-recipients-trigger");
        thread.setDaemon(true);
        return thread;
    });

    NotifyJobRunner(JobLauncher launcher, Job notifyRecipientsJob, JobExplorer explorer, JobRepository repository,
                    NotifyJobProperties properties) {
        this.launcher = launcher;
        this.job = notifyRecipientsJob;
        this.explorer = explorer;
        this.repository = repository;
        this.properties = properties;
    }

    /** Starts a new run now, unless one is running. @return the finished execution, or null if one was running */
    public synchronized JobExecution runNow() throws Exception {
        if (!explorer.findRunningJobExecutions(NotifyRecipientsJobConfiguration.JOB_NAME).isEmpty()) {
            log.info("notify-recipients is already running; not starting another run");
            return null;
        }
        return launcher.run(job, new JobParametersBuilder()
                .addLong("run.id", System.currentTimeMillis())
                .toJobParameters());
    }

    /**
     * Restarts a FAILED or STOPPED execution (it resumes where it failed, with the same parameters), under the same
     * guard as {@link #runNow}: never while another run is going. @return the restarted execution's id, or null if a
     * run was going
     */
    public synchronized Long restart(long executionId, org.springframework.batch.core.launch.JobOperator operator)
            throws Exception {
        if (!explorer.findRunningJobExecutions(NotifyRecipientsJobConfiguration.JOB_NAME).isEmpty()) {
            log.info("notify-recipients is already running; not restarting execution {}", executionId);
            return null;
        }
        return operator.restart(executionId);
    }

    @Scheduled(cron = "${entrega.jobs.notify-recipients.schedule:0 */5 * * * *}")
    void onSchedule() {
        if (properties.enabled()) {
            runQuietly();
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
     * A run left STARTED by a process that died can never finish; mark it FAILED so it can be restarted and does not
     * block new runs. (One instance per database for now; several instances share this in a later issue.)
     */
    @EventListener(ApplicationReadyEvent.class)
    void failRunsOrphanedByACrash() {
        for (JobExecution orphan : explorer.findRunningJobExecutions(NotifyRecipientsJobConfiguration.JOB_NAME)) {
            JobExecution execution = explorer.getJobExecution(orphan.getId());
            if (execution == null) {
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
            log.warn("notify-recipients execution {} was left running by a stopped service; marked FAILED",
                    execution.getId());
        }
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
