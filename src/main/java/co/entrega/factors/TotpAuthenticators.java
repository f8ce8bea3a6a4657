package co.entrega.factors;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import org.apache.commons.codec.binary.Base32;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each account's authenticator app (at most one): enrolled by typing a code of a new secret, then checked against
 * it. A code is accepted once: the step it belongs to is recorded, and a code of that step or an earlier one is
 * refused afterwards, on every instance (NIST SP 800-63B 5.1.4.2).
 */
@Repository
public class TotpAuthenticators {

    /** 160 bits, RFC 4226's recommended key length for HMAC-SHA1. */
    private static final int SECRET_BYTES = 20;

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    TotpAuthenticators(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new secret in Base32, as authenticator apps take it typed in; nothing is stored until {@link #enrol}. */
    public String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return new Base32().encodeAsString(bytes).replace("=", "");
    }

    public boolean enrolled(Realm realm, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM totp_authenticators WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId).query(Long.class).single() > 0;
    }

    /**
     * Enrols (or replaces) the account's authenticator if {@code code} is one of {@code secret}'s current codes.
     *
     * @return false if the code is not one of the secret's (nothing changes)
     */
    @Transactional
    public boolean enrol(Realm realm, long accountId, String secret, String code, Instant now) {
        OptionalLong step = TotpCodes.matchingStep(secret, code, now, Long.MIN_VALUE);
        if (step.isEmpty()) {
            return false;
        }
        jdbc.sql("DELETE FROM totp_authenticators WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId).update();
        jdbc.sql("INSERT INTO totp_authenticators (realm, account_id, secret, last_used_step, created_at) "
                        + "VALUES (:realm, :id, :secret, :step, :now)")
                .param("realm", realm.name()).param("id", accountId).param("secret", secret)
                .param("step", step.getAsLong()).param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
        return true;
    }

    /**
     * @return true if {@code code} is the account's, current, and not used before; it is used now (a second
     *         request with it, here or on another instance, is refused)
     */
    public boolean verify(Realm realm, long accountId, String code, Instant now) {
        record Enrolled(String secret, long lastUsedStep) {
        }
        return jdbc.sql("SELECT secret, last_used_step FROM totp_authenticators "
                        + "WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId)
                .query((rs, n) -> new Enrolled(rs.getString(1), rs.getLong(2)))
                .optional()
                .map(enrolled -> TotpCodes.matchingStep(enrolled.secret(), code, now, enrolled.lastUsedStep())
                        .stream()
                        // Only one request can move the step forward: a concurrent second use of the code updates
                        // no row.
                        .anyMatch(step -> jdbc.sql("UPDATE totp_authenticators SET last_used_step = :step "
                                        + "WHERE realm = :realm AND account_id = :id AND last_used_step < :step")
                                .param("step", step).param("realm", realm.name()).param("id", accountId)
                                .update() == 1))
                .orElse(false);
    }

    public void remove(Realm realm, long accountId) {
        jdbc.sql("DELETE FROM totp_authenticators WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId).update();
    }

    /** The otpauth:// URI an authenticator app reads from the QR code (Google Authenticator's key URI format). */
    public static String keyUri(String issuer, String accountName, String secret) {
        String label = encode(issuer) + ":" + encode(accountName);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + TotpCodes.STEP.getSeconds();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
