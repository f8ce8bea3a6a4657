package co.entrega.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster locks whose renewal survives a database hiccup. ShedLock's keep-alive renews a lock on a fixed-rate task,
 * and a renewal that throws (a connection refused for a moment) ends that task silently: the lock would then expire
 * under a run that is still going, and another instance would start a second run. Here a failed renewal is retried
 * every few seconds for as long as the lock is still valid.
 */
final class PersistentlyRenewedLocks implements ExtensibleLockProvider {

    private static final Logger log = LoggerFactory.getLogger(PersistentlyRenewedLocks.class);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(2);

    private final ExtensibleLockProvider locks;

    PersistentlyRenewedLocks(ExtensibleLockProvider locks) {
        this.locks = locks;
    }

    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
        return locks.lock(configuration).map(lock -> new Renewed(lock, configuration.getName(),
                configuration.getLockAtMostUntil()));
    }

    private record Renewed(SimpleLock lock, String name, Instant validUntil) implements SimpleLock {

        @Override
        public void unlock() {
            lock.unlock();
        }

        @Override
        public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
            while (true) {
                try {
                    Instant until = Instant.now().plus(lockAtMostFor);
                    return lock.extend(lockAtMostFor, lockAtLeastFor).map(extended -> new Renewed(extended, name, until));
                } catch (RuntimeException e) {
                    if (Instant.now().plus(RETRY_EVERY).isAfter(validUntil)) {
                        log.error("cluster lock {} could not be renewed before it expired: {}", name, e.toString());
                        return Optional.empty();
                    }
                    log.warn("cluster lock {} not renewed ({}); trying again", name, e.toString());
                    try {
                        Thread.sleep(RETRY_EVERY.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }
            }
        }
    }
}
