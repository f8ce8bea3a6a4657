package co.entrega.notification;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Service;

/**
 * Starts and restarts batch jobs on request (the operators' console). A job that must never run beside itself goes
 * through its guard: the notify job through {@link NotifyJobRunner}'s cluster lock.
 */
@Service
public class JobRuns {

    private final JobOperator operator;
    private final NotifyJobRunner notify;

    JobRuns(JobOperator operator, NotifyJobRunner notify) {
        this.operator = operator;
        this.notify = notify;
    }

    /** A new run, now, in the calling thread. */
    public void start(Job job) throws Exception {
        if (job.getName().equals(NotifyJobRunner.JOB_NAME)) {
            notify.runNow();
        } else {
            operator.startNextInstance(job);
        }
    }

    /** The FAILED or STOPPED execution resumes where it stopped, in the calling thread. */
    public void restart(JobExecution execution) throws Exception {
        if (execution.getJobInstance().getJobName().equals(NotifyJobRunner.JOB_NAME)) {
            notify.restart(execution);
        } else {
            operator.restart(execution);
        }
    }

    /** Asks a running execution to stop (it ends the chunk in course). */
    public void stop(JobExecution execution) throws Exception {
        operator.stop(execution);
    }
}
