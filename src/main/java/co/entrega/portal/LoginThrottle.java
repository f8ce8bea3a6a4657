package co.entrega.portal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import co.entrega.provisioning.Accounts;

/**
 * Counts failed logins per typed username and per remote address, in the database so that every instance sees the
 * same counts. A username is counted whether or not an account has it, so a lock tells an attacker nothing.
 */
@Service
class LoginThrottle {

    private final JdbcClient jdbc;
    private final LoginThrottleProperties properties;

    LoginThrottle(JdbcClient jdbc, LoginThrottleProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** How long the caller must still wait, if this username or address is locked now. */
    Optional<Duration> lockedFor(String username, String address) {
        OffsetDateTime now = now();
        return jdbc.sql("SELECT MAX(locked_until) FROM login_throttle WHERE throttle_key IN (:a, :b) AND locked_until > :now")
                .param("a", accountKey(username))
                .param("b", addressKey(address))
                .param("now", now)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional()
                .map(until -> Duration.between(now, until));
    }

    void recordFailure(String username, String address) {
        recordFailure(accountKey(username), properties.accountFreeFailures());
        recordFailure(addressKey(address), properties.addressFreeFailures());
    }

    /** A successful login clears the username's count (not the address's: one good account must not unlock it). */
    void recordSuccess(String username) {
        jdbc.sql("DELETE FROM login_throttle WHERE throttle_key = :k").param("k", accountKey(username)).update();
    }

    private void recordFailure(String key, int freeFailures) {
        OffsetDateTime now = now();
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = jdbc.sql("""
                    UPDATE login_throttle SET
                        failures = CASE WHEN window_started_at < :windowStart THEN 1 ELSE failures + 1 END,
                        window_started_at = CASE WHEN window_started_at < :windowStart THEN :now ELSE window_started_at END
                    WHERE throttle_key = :k""")
                    .param("windowStart", now.minus(properties.window()))
                    .param("now", now)
                    .param("k", key)
                    .update();
            if (updated == 0) {
                try {
                    jdbc.sql("INSERT INTO login_throttle (throttle_key, failures, window_started_at) VALUES (:k, 1, :now)")
                            .param("k", key)
                            .param("now", now)
                            .update();
                } catch (DuplicateKeyException raced) {
                    continue;
                }
            }
            int failures = jdbc.sql("SELECT failures FROM login_throttle WHERE throttle_key = :k").param("k", key)
                    .query(Integer.class).single();
            if (failures >= freeFailures) {
                jdbc.sql("UPDATE login_throttle SET locked_until = :until WHERE throttle_key = :k")
                        .param("until", now.plus(lockFor(failures - freeFailures)))
                        .param("k", key)
                        .update();
            }
            return;
        }
    }

    private Duration lockFor(int failuresPastFree) {
        Duration lock = properties.firstLock();
        for (int i = 0; i < failuresPastFree && lock.compareTo(properties.maxLock()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(properties.maxLock()) > 0 ? properties.maxLock() : lock;
    }

    private static String accountKey(String username) {
        String normalized = Accounts.normalizeUsername(username).toLowerCase(java.util.Locale.ROOT);
        return "user:" + (normalized.length() > 150 ? normalized.substring(0, 150) : normalized);
    }

    private static String addressKey(String address) {
        return "addr:" + (address == null ? "" : address);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
