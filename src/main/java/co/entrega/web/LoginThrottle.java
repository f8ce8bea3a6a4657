package co.entrega.web;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import co.entrega.provisioning.Accounts;

/**
 * Counts failed logins per typed username and per remote address, in the database so that every instance sees the
 * same counts. A username is counted whether or not an account has it, so a lock tells an attacker nothing.
 *
 * <p>An attempt is counted <em>before</em> its password is checked, in a transaction holding the key's row lock
 * (SELECT … FOR UPDATE), which also sets the lock when the count reaches the limit: requests sent side by side are
 * taken one at a time, so once a key is locked no further password is checked, however many requests race.
 * {@link #succeeded} takes the count back when the password was right.
 */
@Service
public class LoginThrottle {

    private final JdbcClient jdbc;
    private final LoginThrottleProperties properties;
    private final TransactionTemplate transactions;

    public LoginThrottle(JdbcClient jdbc, LoginThrottleProperties properties, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** How long the caller must still wait, if this username or address is locked now. */
    public Optional<Duration> lockedFor(String username, String address) {
        OffsetDateTime now = now();
        return jdbc.sql("SELECT MAX(locked_until) FROM login_throttle WHERE throttle_key IN (:a, :b) AND locked_until > :now")
                .param("a", accountKey(username))
                .param("b", addressKey(address))
                .param("now", now)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional()
                .map(until -> Duration.between(now, until));
    }

    /** Whether a password may be checked now; if so, the attempt has been counted as a failure. */
    public boolean admit(String username, String address) {
        return count(accountKey(username), properties.accountFreeFailures())
                && count(addressKey(address), properties.addressFreeFailures());
    }

    /**
     * The password was right: the username's count is cleared, and the address gets back the attempt {@link #admit}
     * counted (an office where many customers log in from one address is not locked by their successes).
     */
    public void succeeded(String username, String address) {
        jdbc.sql("DELETE FROM login_throttle WHERE throttle_key = :k").param("k", accountKey(username)).update();
        jdbc.sql("""
                UPDATE login_throttle SET failures = failures - 1,
                       locked_until = CASE WHEN failures - 1 < :free THEN NULL ELSE locked_until END
                WHERE throttle_key = :k AND failures > 0""")
                .param("free", properties.addressFreeFailures())
                .param("k", addressKey(address))
                .update();
    }

    /** Counts one attempt unless the key is locked; false when it is locked (nothing counted). */
    private boolean count(String key, int freeFailures) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Boolean admitted = transactions.execute(status -> countLocked(key, freeFailures));
                return Boolean.TRUE.equals(admitted);
            } catch (DuplicateKeyException raced) {
                // Two first attempts inserted the same key at once: read it again, now it exists.
            }
        }
        return false;
    }

    /** In one transaction, holding the key's row lock: concurrent attempts on one key are taken one at a time. */
    private boolean countLocked(String key, int freeFailures) {
        OffsetDateTime now = now();
        record Row(int failures, OffsetDateTime windowStartedAt, OffsetDateTime lockedUntil) {
        }
        Optional<Row> row = jdbc.sql("SELECT failures, window_started_at, locked_until FROM login_throttle "
                        + "WHERE throttle_key = :k FOR UPDATE")
                .param("k", key)
                .query((rs, n) -> new Row(rs.getInt(1), rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class)))
                .optional();
        if (row.isEmpty()) {
            jdbc.sql("INSERT INTO login_throttle (throttle_key, failures, window_started_at, locked_until) "
                            + "VALUES (:k, 1, :now, :lock)")
                    .param("k", key)
                    .param("now", now)
                    .param("lock", lockAfter(1, freeFailures, now), Types.TIMESTAMP_WITH_TIMEZONE)
                    .update();
            return true;
        }
        Row current = row.get();
        if (current.lockedUntil() != null && current.lockedUntil().isAfter(now)) {
            return false;
        }
        boolean windowOver = current.windowStartedAt().isBefore(now.minus(properties.window()));
        int failures = windowOver ? 1 : current.failures() + 1;
        jdbc.sql("UPDATE login_throttle SET failures = :f, window_started_at = :w, locked_until = :lock "
                        + "WHERE throttle_key = :k")
                .param("f", failures)
                .param("w", windowOver ? now : current.windowStartedAt())
                .param("lock", lockAfter(failures, freeFailures, now), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("k", key)
                .update();
        return true;
    }

    /**
     * The lock that this many failures earn (counted before the password is checked, so the attempt that reaches the
     * limit is still checked but the next waits): none before the limit, then the first lock, doubled at each further
     * failure up to the longest.
     */
    private OffsetDateTime lockAfter(int failures, int freeFailures, OffsetDateTime now) {
        return failures < freeFailures ? null : now.plus(lockFor(failures - freeFailures));
    }

    private Duration lockFor(int failuresPastFree) {
        Duration lock = properties.firstLock();
        for (int i = 0; i < failuresPastFree && lock.compareTo(properties.maxLock()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(properties.maxLock()) > 0 ? properties.maxLock() : lock;
    }

    private static String accountKey(String username) {
        String normalized = Accounts.normalizeUsername(username).toLowerCase(Locale.ROOT);
        return "user:" + (normalized.length() > 150 ? normalized.substring(0, 150) : normalized);
    }

    private static String addressKey(String address) {
        return "addr:" + (address == null ? "" : address);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
