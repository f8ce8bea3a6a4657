package co.entrega.provisioning;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {

    /** The copies of one credential kept per account: an email sent more often than this keeps its newest ones. */
    static final int MAX_COPIES = 5;

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

    /** Lock held until the transaction ends, so that two credentials of one account are never issued side by side. */
    CredentialState lockForIssuing(long accountId) {
        return jdbc.sql("""
                SELECT activation_outbox_id, password_outbox_id, activation_used_at, password_hash,
                       must_change_password, password_changed_at
                FROM portal_accounts WHERE id = :id FOR UPDATE""")
                .param("id", accountId)
                .query((rs, n) -> new CredentialState(rs.getObject("activation_outbox_id", Long.class),
                        rs.getObject("password_outbox_id", Long.class), rs.getObject("activation_used_at") != null,
                        rs.getString("password_hash") != null && rs.getBoolean("must_change_password")
                                && rs.getObject("password_changed_at") == null))
                .optional()
                .orElseThrow(() -> new IllegalStateException("no portal account " + accountId));
    }

    /**
     * @param activationOutboxId the outbox message that issued the current activation URL (null: none, or unknown)
     * @param passwordOutboxId   the same for the current temporary password
     * @param activationUsed     the access URL has been used (by any of its copies)
     * @param temporaryPassword  the password on record is still an emailed temporary one
     */
    record CredentialState(Long activationOutboxId, Long passwordOutboxId, boolean activationUsed,
                           boolean temporaryPassword) {
    }

    /** The account's only activation URL from now on: every earlier copy stops working. */
    void replaceActivation(long accountId, String tokenHash, OffsetDateTime expiresAt, Long outboxId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        deleteCredentials(accountId, CredentialKind.ACTIVATION);
        insertCredential(accountId, CredentialKind.ACTIVATION, tokenHash, outboxId, expiresAt, now);
        jdbc.sql("""
                UPDATE portal_accounts SET activation_expires_at = :exp, activation_used_at = NULL,
                                           activation_outbox_id = :outbox, updated_at = :now
                WHERE id = :id""")
                .param("exp", expiresAt)
                .param("outbox", outboxId, Types.BIGINT)
                .param("now", now)
                .param("id", accountId)
                .update();
    }

    /** One more copy of the account's (unused) activation URL, from the same email sent again; earlier ones stay. */
    void addActivationCopy(long accountId, String tokenHash, OffsetDateTime expiresAt, Long outboxId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        insertCredential(accountId, CredentialKind.ACTIVATION, tokenHash, outboxId, expiresAt, now);
        jdbc.sql("UPDATE portal_accounts SET activation_expires_at = :exp, updated_at = :now WHERE id = :id")
                .param("exp", expiresAt)
                .param("now", now)
                .param("id", accountId)
                .update();
    }

    /** The account's only temporary password from now on: every earlier copy stops working. */
    void replaceTemporaryPassword(long accountId, String passwordHash, OffsetDateTime expiresAt, Long outboxId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        deleteCredentials(accountId, CredentialKind.PASSWORD);
        insertCredential(accountId, CredentialKind.PASSWORD, passwordHash, outboxId, expiresAt, now);
        jdbc.sql("""
                UPDATE portal_accounts SET password_hash = :h, must_change_password = TRUE,
                                           password_outbox_id = :outbox, updated_at = :now
                WHERE id = :id""")
                .param("h", passwordHash)
                .param("outbox", outboxId, Types.BIGINT)
                .param("now", now)
                .param("id", accountId)
                .update();
    }

    /**
     * One more copy of the account's temporary password, from the same email sent again: it becomes the one on record
     * (checked first at login), the earlier copies stay in account_credentials.
     */
    void addTemporaryPasswordCopy(long accountId, String passwordHash, OffsetDateTime expiresAt, Long outboxId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        insertCredential(accountId, CredentialKind.PASSWORD, passwordHash, outboxId, expiresAt, now);
        jdbc.sql("UPDATE portal_accounts SET password_hash = :h, updated_at = :now WHERE id = :id")
                .param("h", passwordHash)
                .param("now", now)
                .param("id", accountId)
                .update();
    }

    private void insertCredential(long accountId, CredentialKind kind, String hash, Long outboxId,
                                  OffsetDateTime expiresAt, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO account_credentials (account_id, kind, secret_hash, outbox_id, expires_at, created_at)
                VALUES (:a, :k, :h, :outbox, :exp, :now)""")
                .param("a", accountId)
                .param("k", kind.name())
                .param("h", hash)
                .param("outbox", outboxId, Types.BIGINT)
                .param("exp", expiresAt)
                .param("now", now)
                .update();
        // However often one email is sent again, only its newest copies count (and cost a check at login).
        List<Long> older = jdbc.sql("SELECT id FROM account_credentials WHERE account_id = :a AND kind = :k ORDER BY id DESC")
                .param("a", accountId)
                .param("k", kind.name())
                .query(Long.class).list();
        if (older.size() > MAX_COPIES) {
            jdbc.sql("DELETE FROM account_credentials WHERE id IN (:ids)")
                    .param("ids", older.subList(MAX_COPIES, older.size()))
                    .update();
        }
    }

    void deleteCredentials(long accountId, CredentialKind kind) {
        jdbc.sql("DELETE FROM account_credentials WHERE account_id = :a AND kind = :k")
                .param("a", accountId)
                .param("k", kind.name())
                .update();
    }

    /** The kinds of rows in account_credentials. */
    enum CredentialKind { ACTIVATION, PASSWORD }
}
