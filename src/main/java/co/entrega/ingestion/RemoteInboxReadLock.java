package co.entrega.ingestion;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.entrega.cluster.DedicatedThreads;

/**
 * The SFTP/FTP inbox's read lock, so that several instances can poll one inbox: a file is taken by exactly one
 * instance, and only once it has stopped changing. (Camel's remote-file consumers offer only {@code none},
 * {@code rename} and {@code changed}, none of which keeps a second consumer away; its {@code idempotent-changed}
 * read lock exists for local folders only. This plugs the same idea into the SFTP consumer through its
 * {@code exclusiveReadLockStrategy} option.)
 * <ol>
 * <li><b>Stable</b>: the file was listed by an earlier poll, at least {@code stableFor} ago, with the same size and
 * modification time. Sizes and times come from the poll's own listing, so an unfinished upload costs no extra round
 * trip and no poll thread ever sleeps on a file (Camel's {@code changed} lock sleeps a check interval per file:
 * a backlog of 2,000 files would take 2,000 intervals).</li>
 * <li><b>Claimed</b>: its key (server and path) is added to {@link InboxClaims}, which refuses a key another instance
 * holds (a primary key in table {@code inbox_claims}). The claim is released once the file has left the inbox
 * ({@code .done}) or its processing or download failed (it is tried again); the claim of an instance that died is no
 * longer renewed and expires, so the file is taken again by another instance.</li>
 * </ol>
 * A claim is released {@code releaseDelay} after the file left the inbox, not at once: another instance may still be
 * working through a listing made before the file moved, and must find the file claimed rather than free (Camel's
 * {@code readLockIdempotentReleaseDelay} for the same race). Asking the server whether the file is still there would
 * also do, but Camel's SFTP "exists" lists the whole folder (or, with {@code fastExistsCheck}, still has JSch read
 * it): a backlog of n files would cost n listings of n entries.
 */
public class RemoteInboxReadLock<T> implements GenericFileExclusiveReadLockStrategy<T> {

    private static final Logger log = LoggerFactory.getLogger(RemoteInboxReadLock.class);

    /** A file not listed again for this long (taken by another instance, deleted) is forgotten. */
    private static final long FORGET_AFTER_NANOS = Duration.ofHours(1).toNanos();

    private final IdempotentRepository claims;
    private final long stableForNanos;
    private final Duration releaseDelay;
    private final ScheduledExecutorService releases = DedicatedThreads.scheduler("inbox-claim-release");
    private final Map<String, Sighting> sightings = new ConcurrentHashMap<>();
    /** Claims taken and not yet handed back by Camel (commit or rollback), by key: the file's in-progress name. */
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private volatile GenericFileEndpoint<T> endpoint;
    private volatile String server = "";
    private volatile long lastPrune = System.nanoTime();

    /**
     * @param claims    the shared repository the claims go to
     * @param stableFor    how long a file must keep its size and date before it is taken
     * @param releaseDelay how long a claim outlives its file's processing
     */
    public RemoteInboxReadLock(IdempotentRepository claims, Duration stableFor, Duration releaseDelay) {
        this.claims = claims;
        this.stableForNanos = stableFor.toNanos();
        this.releaseDelay = releaseDelay;
    }

    /** Claims still waiting for their delayed release are left to expire (they are no longer renewed). */
    public void close() {
        releases.shutdownNow();
    }

    private record Sighting(long length, long lastModified, long firstSeenNanos, long lastSeenNanos) {
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<T> operations, GenericFileEndpoint<T> endpoint) {
        this.endpoint = endpoint;
        if (endpoint instanceof RemoteFileEndpoint<?> remote) {
            server = remote.getConfiguration().remoteServerInformation();
        }
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<T> operations, GenericFile<T> file, Exchange exchange)
            throws Exception {
        releaseAbandonedClaims();
        String key = key(file);
        if (!stable(key, file)) {
            log.debug("{} is new or still changing; taken on a later poll", key);
            return false;
        }
        boolean claimed;
        try {
            claimed = claims.add(exchange, key);
        } catch (RuntimeException e) {
            log.warn("cannot claim {} ({}); it stays in the inbox for a later poll", key, e.toString());
            return false;
        }
        if (claimed) {
            active.put(key, file.getAbsoluteFilePath());
        } else {
            log.debug("{} is being processed by another instance (or just was)", key);
        }
        return claimed;
    }

    /**
     * When the download of a claimed file fails (connection cut, disk full, the file gone since the listing), Camel
     * neither commits nor rolls back, so this lock is never told: it would hold the claim while the file stays in the
     * inbox. Camel does drop such a file from its in-progress list, and that is what this looks for.
     */
    private void releaseAbandonedClaims() {
        GenericFileEndpoint<T> consumerEndpoint = endpoint;
        if (consumerEndpoint == null || active.isEmpty()) {
            return;
        }
        active.forEach((key, inProgressName) -> {
            if (!consumerEndpoint.getInProgressRepository().contains(inProgressName) && active.remove(key) != null) {
                log.info("{} could not be downloaded; its claim is released and it will be tried again", key);
                releaseLater(key);
            }
        });
    }

    /** Called when {@link #acquireExclusiveReadLock} said no: nothing is held then. */
    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<T> operations, GenericFile<T> file,
                                                Exchange exchange) {
    }

    /** Processing failed: the file stays in the inbox and any instance may take it again. */
    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<T> operations, GenericFile<T> file,
                                                   Exchange exchange) {
        release(exchange, file);
    }

    /** Processed: the file has already been moved out of the inbox (Camel releases the lock last). */
    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<T> operations, GenericFile<T> file,
                                                 Exchange exchange) {
        release(exchange, file);
    }

    private void release(Exchange exchange, GenericFile<T> file) {
        String key = key(file);
        sightings.remove(key);
        active.remove(key);
        releaseLater(key);
    }

    private void releaseLater(String key) {
        releases.schedule(() -> {
            try {
                claims.remove(key);
            } catch (RuntimeException e) {
                // the claims stop renewing a key before deleting it: this one expires by itself
                log.warn("could not release the claim on {} ({}); it expires by itself", key, e.toString());
            }
        }, releaseDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean stable(String key, GenericFile<T> file) {
        long now = System.nanoTime();
        pruneForgotten(now);
        Sighting seen = sightings.compute(key, (k, previous) ->
                previous != null && previous.length() == file.getFileLength()
                        && previous.lastModified() == file.getLastModified()
                        ? new Sighting(previous.length(), previous.lastModified(), previous.firstSeenNanos(), now)
                        : new Sighting(file.getFileLength(), file.getLastModified(), now, now));
        return now - seen.firstSeenNanos() >= stableForNanos;
    }

    private void pruneForgotten(long now) {
        if (now - lastPrune > FORGET_AFTER_NANOS / 4) {
            lastPrune = now;
            sightings.values().removeIf(sighting -> now - sighting.lastSeenNanos() > FORGET_AFTER_NANOS);
        }
    }

    private String key(GenericFile<T> file) {
        return server + file.getAbsoluteFilePath();
    }

    // The consumer hands the endpoint's readLock* options to these; this lock is configured by Entrega instead.

    @Override
    public void setTimeout(long timeout) {
    }

    @Override
    public void setCheckInterval(long checkInterval) {
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    }
}
