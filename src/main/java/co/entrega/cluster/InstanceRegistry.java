package co.entrega.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import co.entrega.storage.StorageProperties;

/**
 * The running instances (table {@code service_instances}), and the judge of which have stopped, so that what a dead
 * instance held is released at once instead of after an expiry (issue: a restart used to wait two minutes for the
 * notify job's lock and five for the emails the killed process was sending).
 * <p>An instance holds an operating-system lock on {@code <data-dir>/instances/<id>.lock} for as long as it lives;
 * the kernel releases it when the process ends, however it ends ({@code kill -9} included). Another instance that can
 * take that lock knows the owner is gone: a proof, not a guess, so it never mistakes a slow instance for a dead one.
 * Instances that do not share the data folder cannot see each other's lock files: those are judged by their
 * heartbeat, dead once it is older than {@code entrega.cluster.lock-expiry}.
 * <p>A stopped instance is announced with {@link InstanceStopped}; its row is deleted once every listener released
 * what it held.
 */
@Component
@DependsOnDatabaseInitialization
public class InstanceRegistry {

    private static final Logger log = LoggerFactory.getLogger(InstanceRegistry.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ThisInstance self;
    private final Duration expiry;
    private final Duration heartbeat;
    private final Path folder;
    private final FileChannel lockFile;
    private final FileLock held;
    private final ScheduledExecutorService beats = DedicatedThreads.scheduler("instance-heartbeat");

    InstanceRegistry(JdbcClient jdbc, ApplicationEventPublisher events, ThisInstance self,
                     StorageProperties storage, ClusterProperties cluster) throws IOException {
        this.jdbc = jdbc;
        this.events = events;
        this.self = self;
        this.expiry = cluster.lockExpiry();
        this.heartbeat = cluster.heartbeat();
        this.folder = storage.dataDir().resolve("instances");
        Files.createDirectories(folder);
        FileChannel channel = FileChannel.open(lockPath(self.id()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.lock();
        } catch (IOException noLocksHere) {
            // a file system without locks (an NFS mount with nolock): the others judge this one by its heartbeat
            log.warn("No lock on {} ({}): other instances will judge this one by its heartbeat only",
                    lockPath(self.id()), noLocksHere.toString());
            channel.close();
            Files.deleteIfExists(lockPath(self.id()));
            channel = null;
            lock = null;
        }
        this.lockFile = channel;
        this.held = lock;
        jdbc.sql("""
                INSERT INTO service_instances (instance_id, host, pid, started_at, heartbeat_at)
                VALUES (:id, :host, :pid, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("id", self.id()).param("host", truncate(self.host(), 255)).param("pid", self.pid()).update();
        log.info("This instance is {}", self.id());
    }

    /**
     * At start-up, before anything waits on what a killed predecessor held; then every heartbeat, on a thread of its
     * own (Spring's scheduler thread also runs the notify job, which may take longer than the lock expiry).
     */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        try {
            releaseStopped();
        } catch (RuntimeException e) {
            log.warn("could not check for stopped instances at start-up: {}", e.toString());
        }
        beats.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Renews this instance's heartbeat and releases what stopped instances held. */
    void beat() {
        try {
            int renewed = jdbc.sql("UPDATE service_instances SET heartbeat_at = CURRENT_TIMESTAMP WHERE instance_id = :id")
                    .param("id", self.id()).update();
            if (renewed == 0) {
                // another instance judged this one dead by its heartbeat (this one stalled past the expiry, or the
                // database was out of reach that long); it released what this one held: announce ourselves again
                log.warn("This instance ({}) had been judged stopped; registering again", self.id());
                jdbc.sql("""
                        INSERT INTO service_instances (instance_id, host, pid, started_at, heartbeat_at)
                        VALUES (:id, :host, :pid, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                        .param("id", self.id()).param("host", truncate(self.host(), 255)).param("pid", self.pid())
                        .update();
            }
            releaseStopped();
        } catch (RuntimeException e) {
            log.warn("instance heartbeat failed: {}", e.toString()); // next round tries again
        }
    }

    /** Whether the instance is registered: running, or stopped but not yet judged so. */
    public boolean isRegistered(String instanceId) {
        return jdbc.sql("SELECT COUNT(*) FROM service_instances WHERE instance_id = :id").param("id", instanceId)
                .query(Long.class).single() > 0;
    }

    /** Judges every other instance and releases what the stopped ones held. @return how many were released */
    int releaseStopped() {
        OffsetDateTime databaseNow = jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single();
        List<Instance> others = jdbc.sql("""
                SELECT instance_id, host, heartbeat_at FROM service_instances WHERE instance_id <> :id""")
                .param("id", self.id())
                .query((rs, n) -> new Instance(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .list();
        int released = 0;
        for (Instance other : others) {
            LockFile lock = lockFileOf(other.id());
            // A free lock file proves the process ended when it ran on this machine. On a shared mount whose locks
            // do not reach other machines (NFS with nolock, a lost NFSv4 lease) a live remote process can look free:
            // there the heartbeat must have stopped too, three beats at least.
            boolean ended = lock == LockFile.FREE && (other.host().equals(truncate(self.host(), 255))
                    || other.heartbeat().isBefore(databaseNow.minus(heartbeat.multipliedBy(3))));
            String how = ended ? "its process has ended (lock file free)"
                    : lock == LockFile.ABSENT && other.heartbeat().isBefore(databaseNow.minus(expiry))
                    ? "no heartbeat for " + expiry : null; // a held lock file: alive, however slow
            if (how == null) {
                continue;
            }
            log.warn("Instance {} has stopped ({}): releasing what it held", other.id(), how);
            events.publishEvent(new InstanceStopped(other.id(), how));
            jdbc.sql("DELETE FROM service_instances WHERE instance_id = :id").param("id", other.id()).update();
            deleteLockFile(other.id());
            released++;
        }
        return released;
    }

    private enum LockFile { FREE, HELD, ABSENT }

    /**
     * FREE when the instance's lock file is here and nobody holds it: its process is gone. HELD: alive. ABSENT: an
     * instance that does not share this data folder, judged by its heartbeat.
     */
    private LockFile lockFileOf(String instanceId) {
        Path path = lockPath(instanceId);
        if (!Files.exists(path)) {
            return LockFile.ABSENT;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return LockFile.HELD;
            }
            lock.release();
            return LockFile.FREE;
        } catch (OverlappingFileLockException sameJvm) {
            return LockFile.HELD; // held by this very JVM (tests run several contexts in one)
        } catch (IOException e) {
            return LockFile.ABSENT; // cannot tell from here: judged by its heartbeat, like a remote instance
        }
    }

    private void deleteLockFile(String instanceId) {
        try {
            Files.deleteIfExists(lockPath(instanceId));
        } catch (IOException e) {
            log.debug("could not delete the lock file of {}: {}", instanceId, e.toString());
        }
    }

    private Path lockPath(String instanceId) {
        // ids are ours (pid@host/hex); keep only characters safe in a file name
        return folder.resolve(instanceId.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /** A graceful stop: this instance's row and lock file go (its features have released their claims). */
    @PreDestroy
    void stop() {
        beats.shutdownNow();
        try {
            jdbc.sql("DELETE FROM service_instances WHERE instance_id = :id").param("id", self.id()).update();
        } catch (RuntimeException e) {
            log.warn("could not unregister instance {}: {}", self.id(), e.toString());
        }
        try {
            if (held != null) {
                held.release();
                lockFile.close();
                Files.deleteIfExists(lockPath(self.id()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private record Instance(String id, String host, OffsetDateTime heartbeat) {
    }
}
