package co.entrega.factors;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * RFC 6238 codes as every authenticator app makes them by default: HMAC-SHA1, 6 digits, 30-second steps. A code is
 * accepted for its own step and the one before and after it (RFC 6238 section 5.2: the clocks of a phone and a
 * server drift, and a code typed at a step's end arrives in the next).
 */
final class TotpCodes {

    static final Duration STEP = Duration.ofSeconds(30);
    private static final int DIGITS = 6;
    private static final int DRIFT_STEPS = 1;

    private static final TimeBasedOneTimePasswordGenerator GENERATOR =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS,
                    TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private TotpCodes() {
    }

    static long stepOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.getSeconds());
    }

    /**
     * @return the step, later than {@code after}, within the drift of {@code now}, whose code {@code code} is; empty
     *         if none (a wrong code, or one already used)
     */
    static OptionalLong matchingStep(String base32Secret, String code, Instant now, long after) {
        String typed = normalize(code);
        if (typed.length() != DIGITS) {
            return OptionalLong.empty();
        }
        long current = stepOf(now);
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            // Compared in constant time, every step, so the answer's timing does not say which step matched.
            if (MessageDigest.isEqual(codeAt(base32Secret, step).getBytes(StandardCharsets.US_ASCII),
                    typed.getBytes(StandardCharsets.US_ASCII)) && step > after) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    static String codeAt(String base32Secret, long step) {
        SecretKeySpec key = new SecretKeySpec(new Base32().decode(base32Secret), GENERATOR.getAlgorithm());
        try {
            return GENERATOR.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.getSeconds()),
                    java.util.Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a TOTP secret that is not a key", e);
        }
    }

    /** People type codes with spaces ("123 456") as apps show them. */
    private static String normalize(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "");
    }
}
