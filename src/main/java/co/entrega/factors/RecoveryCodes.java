package co.entrega.factors;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Single-use recovery codes (NIST SP 800-63B's look-up secrets): ten per account, 50 random bits each, shown once,
 * stored only as hashes by the password encoder (salted and slow, as 800-63B asks of secrets under 112 bits).
 */
@Repository
public class RecoveryCodes {

    static final int COUNT = 10;
    /** Crockford's Base32 alphabet: no I, L, O or U to misread. */
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int LENGTH = 10;

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final SecureRandom random = new SecureRandom();

    RecoveryCodes(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    /** New codes for the account, replacing all its earlier ones; the only time they exist in clear. */
    @Transactional
    public List<String> issue(Realm realm, long accountId, Instant now) {
        jdbc.sql("DELETE FROM recovery_codes WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId).update();
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = newCode();
            jdbc.sql("INSERT INTO recovery_codes (realm, account_id, code_hash, created_at) "
                            + "VALUES (:realm, :id, :hash, :now)")
                    .param("realm", realm.name()).param("id", accountId).param("hash", encoder.encode(normalize(code)))
                    .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update();
            codes.add(code);
        }
        return codes;
    }

    /** @return true if {@code code} is one of the account's unused codes; it is used now and never accepted again */
    public boolean consume(Realm realm, long accountId, String code, Instant now) {
        String typed = normalize(code);
        if (typed.length() != LENGTH) {
            return false;
        }
        record Stored(long id, String hash) {
        }
        List<Stored> unused = jdbc.sql("SELECT id, code_hash FROM recovery_codes "
                        + "WHERE realm = :realm AND account_id = :id AND used_at IS NULL ORDER BY id")
                .param("realm", realm.name()).param("id", accountId)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2))).list();
        for (Stored stored : unused) {
            if (encoder.matches(typed, stored.hash())) {
                // A concurrent use of the same code marks no row.
                return jdbc.sql("UPDATE recovery_codes SET used_at = :now WHERE id = :id AND used_at IS NULL")
                        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).param("id", stored.id())
                        .update() == 1;
            }
        }
        return false;
    }

    public int remaining(Realm realm, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_codes WHERE realm = :realm AND account_id = :id "
                        + "AND used_at IS NULL")
                .param("realm", realm.name()).param("id", accountId).query(Long.class).single().intValue();
    }

    /** Whether the account was ever given codes (used ones count): the first factor enrolled comes with them. */
    public boolean everIssued(Realm realm, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_codes WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId).query(Long.class).single() > 0;
    }

    public void removeAll(Realm realm, long accountId) {
        jdbc.sql("DELETE FROM recovery_codes WHERE realm = :realm AND account_id = :id")
                .param("realm", realm.name()).param("id", accountId).update();
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    /** As typed: any case, with or without the dash or spaces; Crockford's look-alikes read as the digits. */
    private static String normalize(String code) {
        return code == null ? "" : code.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "")
                .replace('o', '0').replace('i', '1').replace('l', '1');
    }
}
