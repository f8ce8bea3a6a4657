package co.entrega.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;

import co.entrega.notification.NotifyJobRunner;

import org.springframework.batch.core.job.JobExecution;

/**
 * Starts a notify-recipients run in a test. {@link NotifyJobRunner#runNow()} returns null, by design, while the
 * cluster lock is held, and the service itself takes that lock at times a test does not choose (the orphan check
 * right after start-up, the schedule): a test that wants a run waits for the lock instead of racing them.
 */
public final class NotifyRuns {

    private NotifyRuns() {
    }

    /** Runs the job as soon as no other run or check holds the lock; fails if that takes over a minute. */
    public static JobExecution runWhenLockFree(NotifyJobRunner runner) {
        return await("the notify-recipients cluster lock to be free").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(runner::runNow, Objects::nonNull);
    }
}
