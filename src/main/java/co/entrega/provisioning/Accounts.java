package co.entrega.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The portal's view of accounts: login lookups, single-use links (activation, password reset) and password changes.
 * Tokens arrive in clear from a URL and are compared only through their SHA-256; a used token is cleared so it can
 * never match again. An activation email or a password email sent twice (see {@link AccountProvisioner}) leaves two
 * copies of its credential in account_credentials: either copy's URL works, once for both, and either copy's
 * temporary password works with it, until the customer chooses a password.
 */
@Service
public class Accounts {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final OneTimeSecrets secrets;
    private final OnboardingProperties onboarding;

    Accounts(JdbcClient jdbc, PasswordEncoder passwordEncoder, OneTimeSecrets secrets, OnboardingProperties onboarding) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.secrets = secrets;
        this.onboarding = onboarding;
    }

    /** Usernames are NITs: compared without dots, spaces or a check digit typed after a dash. */
    public static String normalizeUsername(String typed) {
        if (typed == null) {
            return "";
        }
        String trimmed = typed.strip();
        int dash = trimmed.indexOf('-');
        if (dash > 0 && trimmed.substring(0, dash).replaceAll("[.\\s]", "").chars().allMatch(Character::isDigit)) {
            trimmed = trimmed.substring(0, dash);
        }
        return trimmed.replaceAll("[.\\s]", "");
    }

    public Optional<PortalAccount> find(long accountId) {
        return jdbc.sql("SELECT id, customer_id, username FROM portal_accounts WHERE id = :id")
                .param("id", accountId)
                .query((rs, n) -> new PortalAccount(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    /** Those of these accounts whose customer has chosen a password (a reset, or a later pair). */
    public Set<Long> withChosenPassword(Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(
                        "SELECT id FROM portal_accounts WHERE id IN (:ids) AND password_changed_at IS NOT NULL")
                .param("ids", accountIds)
                .query(Long.class)
                .list());
    }

    public Optional<LoginAccount> findForLogin(String typedUsername) {
        return jdbc.sql("""
                SELECT id, customer_id, username, password_hash, must_change_password, locked,
                       password_changed_at
                FROM portal_accounts WHERE username = :u""")
                .param("u", normalizeUsername(typedUsername))
                .query((rs, n) -> new LoginAccount(rs.getLong("id"), rs.getLong("customer_id"),
                        rs.getString("username"), rs.getString("password_hash"),
                        rs.getBoolean("must_change_password"), rs.getBoolean("locked"),
                        rs.getBoolean("must_change_password") && rs.getObject("password_changed_at") == null,
                        rs.getObject("password_changed_at", OffsetDateTime.class)))
                .optional();
    }

    /**
     * Whether a session opened at {@code sessionStart} may go on: the account is not locked, and its password has not
     * changed, been reset or been reissued since (on another device, or by an operator).
     */
    public boolean sessionStillValid(long accountId, OffsetDateTime sessionStart) {
        return jdbc.sql("SELECT sessions_valid_after, locked FROM portal_accounts WHERE id = :id")
                .param("id", accountId)
                .query((rs, n) -> {
                    OffsetDateTime validAfter = rs.getObject("sessions_valid_after", OffsetDateTime.class);
                    return !rs.getBoolean("locked") && (validAfter == null || !instant(validAfter).isAfter(instant(sessionStart)));
                })
                .optional()
                .orElse(false);
    }

    private static Instant instant(OffsetDateTime time) {
        // Compared at millisecond precision: what every database here keeps.
        return time.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The account whose unused, unexpired activation token (any copy of it) this is. */
    public Optional<TokenHolder> findByActivationToken(String token) {
        if (!plausibleToken(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT a.id, a.username FROM account_credentials c JOIN portal_accounts a ON a.id = c.account_id
                WHERE c.secret_hash = :h AND c.kind = 'ACTIVATION' AND c.expires_at > :now
                  AND a.activation_expires_at > :now AND a.activation_used_at IS NULL AND a.locked = FALSE""")
                .param("h", OneTimeSecrets.hashToken(token))
                .param("now", now())
                .query((rs, n) -> new TokenHolder(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    /** The account whose unused, unexpired password-reset token this is. */
    public Optional<TokenHolder> findByResetToken(String token) {
        if (!plausibleToken(token)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, username FROM portal_accounts WHERE reset_token_hash = :h AND reset_expires_at > :now "
                        + "AND locked = FALSE")
                .param("h", OneTimeSecrets.hashToken(token))
                .param("now", now())
                .query((rs, n) -> new TokenHolder(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    private static boolean plausibleToken(String token) {
        return token != null && !token.isEmpty() && token.length() <= 100;
    }

    /**
     * Uses up the account's activation URL, atomically: of two logins racing with the same token, or with two copies
     * of it (the activation email sent twice), one wins. Every copy of the URL is used up with it, and the temporary
     * password that went with it stops working too.
     *
     * @return false if the token is not this account's, or is used or expired
     */
    @Transactional
    public boolean consumeActivation(long accountId, String token) {
        if (!plausibleToken(token)) {
            return false;
        }
        OffsetDateTime now = now();
        boolean used = jdbc.sql("""
                UPDATE portal_accounts SET activation_used_at = :now, updated_at = :now
                WHERE id = :id AND activation_used_at IS NULL AND activation_expires_at > :now AND locked = FALSE
                  AND EXISTS (SELECT 1 FROM account_credentials c
                              WHERE c.account_id = portal_accounts.id AND c.kind = 'ACTIVATION'
                                AND c.secret_hash = :h AND c.expires_at > :now)""")
                .param("now", now)
                .param("id", accountId)
                .param("h", OneTimeSecrets.hashToken(token))
                .update() == 1;
        if (used) {
            deleteCredentials(accountId, "ACTIVATION");
        }
        return used;
    }

    /**
     * Whether this is the account's password on record or, while that is a temporary one, the temporary password of
     * another copy of the password email (the same email sent twice): none of them may become the chosen password.
     */
    public boolean passwordMatches(long accountId, String rawPassword) {
        String hash = jdbc.sql("SELECT password_hash FROM portal_accounts WHERE id = :id").param("id", accountId)
                .query(String.class).optional().orElse(null);
        if (hash != null && passwordEncoder.matches(rawPassword, hash)) {
            return true;
        }
        return otherTemporaryPasswordHashes(accountId, false).stream()
                .anyMatch(other -> passwordEncoder.matches(rawPassword, other));
    }

    /**
     * Whether a login that does not match the password on record matches the temporary password of another copy of
     * the password email, sent with the same outbox message (the first copy reached the customer, but the outbox had
     * not recorded it before the service stopped). Checked only with one of the account's unused access URLs, which
     * is where a temporary password counts: whoever pays for (and could time) the extra checks holds that email.
     */
    public boolean matchesOtherTemporaryPassword(long accountId, String token, String rawPassword) {
        if (rawPassword == null || findByActivationToken(token).filter(h -> h.accountId() == accountId).isEmpty()) {
            return false;
        }
        return otherTemporaryPasswordHashes(accountId, true).stream()
                .anyMatch(other -> passwordEncoder.matches(rawPassword, other));
    }

    /** The account's temporary password copies other than the one on record, newest first (none once one is chosen). */
    private List<String> otherTemporaryPasswordHashes(long accountId, boolean unexpiredOnly) {
        return jdbc.sql("""
                SELECT c.secret_hash FROM account_credentials c JOIN portal_accounts a ON a.id = c.account_id
                WHERE c.account_id = :id AND c.kind = 'PASSWORD' AND (:all = TRUE OR c.expires_at > :now)
                  AND a.must_change_password = TRUE AND a.password_changed_at IS NULL
                  AND (a.password_hash IS NULL OR c.secret_hash <> a.password_hash)
                ORDER BY c.id DESC""")
                .param("id", accountId)
                .param("all", !unexpiredOnly)
                .param("now", now())
                .query(String.class)
                .list();
    }

    private void deleteCredentials(long accountId, String kind) {
        jdbc.sql("DELETE FROM account_credentials WHERE account_id = :id AND (:kind = '' OR kind = :kind)")
                .param("id", accountId)
                .param("kind", kind)
                .update();
    }

    /**
     * Stores a password the customer chose. Every single-use link of the account stops working, and every copy of the
     * temporary password: whatever brought the customer here has been used.
     */
    @Transactional
    public OffsetDateTime setChosenPassword(long accountId, String rawPassword) {
        OffsetDateTime now = now().truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("""
                UPDATE portal_accounts SET password_hash = :h, must_change_password = FALSE, password_changed_at = :now,
                       sessions_valid_after = :now,
                       activation_used_at = COALESCE(activation_used_at, :now),
                       reset_token_hash = NULL, reset_expires_at = NULL, updated_at = :now
                WHERE id = :id""")
                .param("h", passwordEncoder.encode(rawPassword))
                .param("now", now)
                .param("id", accountId)
                .update();
        // After the account's row (its lock first, as when credentials are issued).
        deleteCredentials(accountId, "");
        return now;
    }

    /**
     * Sets the password a customer chose on a single-use link (activation in set-password-link mode, or a password
     * reset), using up the link atomically: of two submissions racing with the same token, one wins.
     *
     * @return false if the token is unknown, used or expired
     */
    @Transactional
    public boolean choosePasswordWithToken(TokenKind kind, String token, String rawPassword) {
        Optional<TokenHolder> holder = kind == TokenKind.ACTIVATION ? findByActivationToken(token) : findByResetToken(token);
        if (holder.isEmpty()) {
            return false;
        }
        boolean claimed = kind == TokenKind.ACTIVATION
                ? consumeActivation(holder.get().accountId(), token)
                : jdbc.sql("UPDATE portal_accounts SET reset_token_hash = NULL WHERE id = :id AND reset_token_hash = :h")
                        .param("id", holder.get().accountId())
                        .param("h", OneTimeSecrets.hashToken(token))
                        .update() == 1;
        if (!claimed) {
            return false;
        }
        setChosenPassword(holder.get().accountId(), rawPassword);
        return true;
    }

    public enum TokenKind { ACTIVATION, RESET }

    /**
     * Reissuing credentials: the activation URL, the temporary password and any reset link stop working at once, the
     * account must choose a password again, and its open sessions end (password_changed_at changes). The new secrets
     * are made when their emails are sent (every copy of the earlier ones goes now, whichever email carried it).
     */
    @Transactional
    public void revokeCredentials(long accountId) {
        jdbc.sql("""
                UPDATE portal_accounts SET password_hash = NULL, must_change_password = TRUE, password_changed_at = NULL,
                       sessions_valid_after = :now, activation_outbox_id = NULL, password_outbox_id = NULL,
                       activation_expires_at = NULL, activation_used_at = NULL,
                       reset_token_hash = NULL, reset_expires_at = NULL, updated_at = :now
                WHERE id = :id""")
                .param("now", now())
                .param("id", accountId)
                .update();
        deleteCredentials(accountId, "");
    }

    public void setLocked(long accountId, boolean locked) {
        jdbc.sql("UPDATE portal_accounts SET locked = :l, updated_at = :now WHERE id = :id")
                .param("l", locked).param("now", now()).param("id", accountId).update();
    }

    /** A new password-reset token (an earlier one stops working); returned once, for the email. */
    public String issueResetToken(long accountId) {
        String token = secrets.newToken();
        jdbc.sql("UPDATE portal_accounts SET reset_token_hash = :h, reset_expires_at = :exp, updated_at = :now WHERE id = :id")
                .param("h", OneTimeSecrets.hashToken(token))
                .param("exp", now().plus(onboarding.resetTokenTtl()))
                .param("now", now())
                .param("id", accountId)
                .update();
        return token;
    }

    public Duration resetTokenTtl() {
        return onboarding.resetTokenTtl();
    }

    public OnboardingProperties.Mode onboardingMode() {
        return onboarding.mode();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** An account found by one of its single-use tokens. */
    public record TokenHolder(long accountId, String username) {
    }

    private static final String STATE = "SELECT id, customer_id, username, locked, must_change_password, "
            + "password_changed_at, activation_expires_at, activation_used_at FROM portal_accounts";
    private static final RowMapper<AccountState> STATE_ROWS = (rs, n) ->
            new AccountState(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                    rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                    rs.getObject(8, OffsetDateTime.class));

    /** The customer's account, if it has one yet (its first invoice makes it). */
    public Optional<AccountState> ofCustomer(long customerId) {
        return jdbc.sql(STATE + " WHERE customer_id = :c").param("c", customerId).query(STATE_ROWS).optional();
    }

    /** The accounts of those of these customers that have one, by customer. */
    public Map<Long, AccountState> ofCustomers(Collection<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql(STATE + " WHERE customer_id IN (:c)").param("c", customerIds).query(STATE_ROWS).list()
                .stream().collect(Collectors.toMap(AccountState::customerId, a -> a));
    }
}
