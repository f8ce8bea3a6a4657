package co.entrega.operations;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

import co.entrega.provisioning.OneTimeSecrets;
import co.entrega.web.PasswordPolicy;

/**
 * Operator accounts. The first one comes from {@code entrega.operator.*}: created at start-up when no operator exists,
 * with the configured password (checked against the same policy as customers') or a generated one printed once.
 */
@Repository
class OperatorAccounts {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccounts.class);

    record Operator(long id, String username, String passwordHash, boolean locked) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final OperatorProperties properties;
    private final PasswordPolicy policy;
    private final OneTimeSecrets secrets;

    OperatorAccounts(JdbcClient jdbc, PasswordEncoder encoder, OperatorProperties properties, PasswordPolicy policy,
                     OneTimeSecrets secrets) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.properties = properties;
        this.policy = policy;
        this.secrets = secrets;
    }

    Optional<Operator> find(String username) {
        return jdbc.sql("SELECT id, username, password_hash, locked FROM operators WHERE username = :u")
                .param("u", username == null ? "" : username.strip())
                .query((rs, n) -> new Operator(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .optional();
    }

    boolean passwordMatches(String username, String rawPassword) {
        return find(username).map(operator -> encoder.matches(rawPassword, operator.passwordHash())).orElse(false);
    }

    /** @return the change's time: the operator's sessions opened before it end */
    OffsetDateTime changePassword(String username, String rawPassword) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("UPDATE operators SET password_hash = :h, password_changed_at = :now, sessions_valid_after = :now "
                        + "WHERE username = :u")
                .param("h", encoder.encode(rawPassword))
                .param("now", now)
                .param("u", username)
                .update();
        return now;
    }

    /** Every open session of the operator ends at its next request. */
    void endSessions(String username) {
        jdbc.sql("UPDATE operators SET sessions_valid_after = :now WHERE username = :u")
                .param("now", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS))
                .param("u", username).update();
    }

    /** The operator still exists, is not locked, and has not changed password since this session started. */
    boolean sessionStillValid(String username, OffsetDateTime sessionStart) {
        return jdbc.sql("SELECT locked, sessions_valid_after FROM operators WHERE username = :u")
                .param("u", username)
                .query((rs, n) -> {
                    OffsetDateTime after = rs.getObject(2, OffsetDateTime.class);
                    return !rs.getBoolean(1) && (after == null || !after.toInstant().truncatedTo(ChronoUnit.MILLIS)
                            .isAfter(sessionStart.toInstant().truncatedTo(ChronoUnit.MILLIS)));
                })
                .optional()
                .orElse(false);
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void createTheFirstOperator() {
        if (jdbc.sql("SELECT COUNT(*) FROM operators").query(Long.class).single() > 0) {
            return;
        }
        String password = properties.password();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = secrets.newTemporaryPassword(20);
        } else {
            policy.check(properties.username(), password, password).ifPresent(refusal -> {
                throw new IllegalStateException("entrega.operator.password is refused by the password policy ("
                        + refusal + "): at least 12 characters, not a common password, not containing the username");
            });
        }
        try {
            jdbc.sql("INSERT INTO operators (username, password_hash, locked, password_changed_at, created_at) "
                            + "VALUES (:u, :h, FALSE, :now, :now)")
                    .param("u", properties.username())
                    .param("h", encoder.encode(password))
                    .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException anotherInstanceWasFirst) {
            return;
        }
        if (generated) {
            // Printed once, on the start that created it; only its hash is stored.
            log.warn("First operator created: username '{}', password '{}' (shown only now; set entrega.operator.password "
                    + "to choose it instead). Log in at /ops.", properties.username(), password);
        } else {
            log.info("First operator '{}' created from entrega.operator.*", properties.username());
        }
    }
}
