package co.entrega.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

import static org.awaitility.Awaitility.await;

/**
 * An operator's phone: it keeps the secrets read off the enrolment page (by account) and gives codes as an RFC 6238
 * app does, made here by java-otp directly, not by Entrega's code. The server accepts each code once, so the app
 * never gives the same step twice: past the steps the server's drift allows, it waits for the clock.
 */
public final class AuthenticatorApp {

    private static final Pattern SECRET = Pattern.compile("id=\"clave\"[^>]*>([A-Z2-7 ]+)<");
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator(STEP, 6);

    private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();

    private AuthenticatorApp() {
    }

    /** Reads the secret from an enrolment page, as a person types it in, and keeps it for {@code account}. */
    public static String scan(String account, String enrolmentPage) {
        Matcher m = SECRET.matcher(enrolmentPage);
        if (!m.find()) {
            throw new AssertionError("no secret on the enrolment page");
        }
        String secret = m.group(1).replace(" ", "");
        SECRETS.put(account, secret);
        LAST_STEP.remove(account);
        return secret;
    }

    public static String secretOf(String account) {
        return SECRETS.get(account);
    }

    public static boolean knows(String account) {
        return SECRETS.containsKey(account);
    }

    /** A code of a step not used before for this account (waiting for the next step when the drift is used up). */
    public static String nextCode(String account) {
        String secret = SECRETS.get(account);
        if (secret == null) {
            throw new AssertionError("no authenticator enrolled for " + account);
        }
        long[] chosen = new long[1];
        await().atMost(Duration.ofSeconds(65)).pollInterval(Duration.ofMillis(250)).until(() -> {
            long now = stepOf(Instant.now());
            // The server accepts the step before and after its own. Not the one before: the request could reach the
            // server a step later, two steps off.
            long next = Math.max(now, LAST_STEP.getOrDefault(account, Long.MIN_VALUE) + 1);
            if (next <= now + 1) {
                chosen[0] = next;
                return true;
            }
            return false;
        });
        LAST_STEP.put(account, chosen[0]);
        return codeAt(secret, chosen[0]);
    }

    /** The code of {@code secret} at an instant, as the app shows it. */
    public static String codeAt(String secret, Instant instant) {
        return codeAt(secret, stepOf(instant));
    }

    private static String codeAt(String secret, long step) {
        try {
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(secret), "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP.getSeconds()), Locale.ROOT);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long stepOf(Instant instant) {
        return instant.getEpochSecond() / STEP.getSeconds();
    }
}
