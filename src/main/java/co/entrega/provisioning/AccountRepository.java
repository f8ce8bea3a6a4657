package co.entrega.provisioning;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PortalAccount> findByCustomer(long customerId) {
        return jdbc.sql("SELECT id, customer_id, username FROM portal_accounts WHERE customer_id = :c")
                .param("c", customerId)
                .query((rs, n) -> new PortalAccount(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    PortalAccount insert(long customerId, String username) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO portal_accounts (customer_id, username, must_change_password, locked, created_at, updated_at)
                VALUES (:c, :u, TRUE, FALSE, :now, :now)""")
                .param("c", customerId)
                .param("u", username)
                .param("now", now)
                .update(key, "id");
        return new PortalAccount(key.getKeyAs(Number.class).longValue(), customerId, username);
    }

    void storeActivation(long accountId, String tokenHash, OffsetDateTime expiresAt) {
        jdbc.sql("""
                UPDATE portal_accounts SET activation_token_hash = :h, activation_expires_at = :exp,
                                           activation_used_at = NULL, updated_at = :now
                WHERE id = :id""")
                .param("h", tokenHash)
                .param("exp", expiresAt)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .param("id", accountId)
                .update();
    }

    void storeTemporaryPassword(long accountId, String passwordHash) {
        jdbc.sql("""
                UPDATE portal_accounts SET password_hash = :h, must_change_password = TRUE, updated_at = :now
                WHERE id = :id""")
                .param("h", passwordHash)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .param("id", accountId)
                .update();
    }
}
