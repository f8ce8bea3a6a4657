package co.entrega.ingestion;

import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import co.entrega.cluster.DedicatedThreads;
import co.entrega.cluster.ThisInstance;

/**
 * Which instance is working on which inbox file (table {@code inbox_claims}): the read locks of the folder and the
 * SFTP inbox put their claims here, so that several instances polling one inbox take each file once.
 * <ul>
 * <li>A claim is a row keyed by the file; the primary key lets exactly one instance insert it.</li>
 * <li>The instance renews the claims it holds every quarter of the expiry; a claim whose instance died is no longer
 * renewed, and once expired the next instance to reach for it deletes it and inserts its own, in one transaction
 * (only one transaction can delete the row, so only one takes it over).</li>
 * <li>Each row names its owner (this process), so an instance only ever renews or releases its own claims, and a
 * release that fails (database down) stops the renewal anyway: the claim then expires by itself.</li>
 * </ul>
 * Why not Camel's {@code JdbcOrphanLockAwareIdempotentRepository}: two instances reaching for the same expired claim
 * both take it (it refreshes the old row instead of replacing it), and so can two reaching for a new file at the same
 * moment; a claim it took over is not renewed; and it renews a claim forever once a release failed.
 */
public class InboxClaims implements IdempotentRepository {

    private static final Logger log = LoggerFactory.getLogger(InboxClaims.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Duration expiry;
    private final String owner;
    /** PostgreSQL: a claim's commit need not wait for its WAL flush (see {@link #claimCommitsAsynchronously}). */
    private final boolean asynchronousCommit;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewals = DedicatedThreads.scheduler("inbox-claims-renewal");

    public InboxClaims(JdbcTemplate jdbc, TransactionTemplate transaction, Duration expiry, String owner) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.expiry = expiry;
        this.owner = owner; // this instance (ThisInstance): released at once when it is known dead
        this.asynchronousCommit = jdbc != null && isPostgres(jdbc);
        if (jdbc != null) {
            long every = Math.max(expiry.toMillis() / 4, 100);
            renewals.scheduleWithFixedDelay(this::renewHeld, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Claims held in this process only, for the embedded database, which one instance uses: two commits fewer per
     * file (the claim and its release), each of which H2 writes to its file at once. They end with the process, so a
     * restarted one finds nothing held.
     */
    public static InboxClaims inThisProcess(String owner) {
        return new InboxClaims(null, null, Duration.ZERO, owner);
    }

    /** Takes the claim. @return true if this instance holds it now; false if another live instance does */
    @Override
    public boolean add(String key) {
        if (jdbc == null) {
            return held.add(key);
        }
        Timestamp now = now();
        try {
            Boolean taken = transaction.execute(status -> {
                claimCommitsAsynchronously();
                // an expired claim (its instance died) goes first: only one transaction can delete it
                jdbc.update("DELETE FROM inbox_claims WHERE claim_key = ? AND renewed_at < ?", key,
                        new Timestamp(now.getTime() - expiry.toMillis()));
                jdbc.update("INSERT INTO inbox_claims (claim_key, owner, claimed_at, renewed_at) VALUES (?, ?, ?, ?)",
                        key, owner, now, now);
                return true;
            });
            if (Boolean.TRUE.equals(taken)) {
                held.add(key);
                return true;
            }
            return false;
        } catch (DuplicateKeyException heldElsewhere) {
            return false; // the transaction was rolled back
        }
    }

    /** Whether any live instance (this one included) holds the claim. */
    @Override
    public boolean contains(String key) {
        if (jdbc == null) {
            return held.contains(key);
        }
        Integer live = jdbc.queryForObject("SELECT COUNT(*) FROM inbox_claims WHERE claim_key = ? AND renewed_at >= ?",
                Integer.class, key, new Timestamp(now().getTime() - expiry.toMillis()));
        return live != null && live > 0;
    }

    /** Releases this instance's claim; if the database cannot be reached, the claim is left to expire. */
    @Override
    public boolean remove(String key) {
        boolean wasHeld = held.remove(key); // first: whatever happens below, this instance no longer renews it
        if (jdbc == null) {
            return wasHeld;
        }
        Integer released = transaction.execute(status -> {
            claimCommitsAsynchronously();
            return jdbc.update("DELETE FROM inbox_claims WHERE claim_key = ? AND owner = ?", key, owner);
        });
        return released != null && released > 0;
    }

    /**
     * A claim is a lock, not an acknowledgment: its commit is seen by every other instance at once, and only its
     * survival of a database crash is deferred (by at most PostgreSQL's wal_writer_delay, 200 ms). The file's decision
     * commits synchronously, which flushes every earlier commit of the WAL with it; a claim lost in a database crash
     * was on a file whose decision had not committed, so the file is taken again, as after a claim's expiry. So the
     * poller does not wait for a disk flush per file, twice.
     */
    private void claimCommitsAsynchronously() {
        if (asynchronousCommit) {
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
        }
    }

    private static boolean isPostgres(JdbcTemplate jdbc) {
        try {
            return "PostgreSQL".equalsIgnoreCase(JdbcUtils.extractDatabaseMetaData(
                    jdbc.getDataSource(), DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        held.clear();
        if (jdbc != null) {
            jdbc.update("DELETE FROM inbox_claims WHERE owner = ?", owner);
        }
    }

    /** Releases every claim of an instance that has stopped, so its files are taken again at once. */
    int releaseAllOf(String stoppedOwner) {
        if (jdbc == null) {
            return 0;
        }
        return jdbc.update("DELETE FROM inbox_claims WHERE owner = ?", stoppedOwner);
    }

    /** Claims this instance holds right now. */
    Set<String> held() {
        return Set.copyOf(held);
    }

    String owner() {
        return owner;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    /** Stops renewing: this instance's claims expire (a graceful stop has released them already). */
    public void close() {
        renewals.shutdownNow();
    }

    private void renewHeld() {
        try {
            Timestamp now = now();
            List<Object[]> rows = held.stream().map(key -> new Object[] {now, key, owner}).toList();
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("UPDATE inbox_claims SET renewed_at = ? WHERE claim_key = ? AND owner = ?", rows);
            }
        } catch (RuntimeException e) {
            // the next round tries again; a claim not renewed within the expiry may be taken over, which is the
            // same outcome as this instance dying
            log.warn("could not renew {} inbox claims: {}", held.size(), e.toString());
        }
    }

    private static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }
}
