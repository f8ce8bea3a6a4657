package co.entrega.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.passay.DictionaryRule;
import org.passay.EnglishSequenceData;
import org.passay.IllegalSequenceRule;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RepeatCharactersRule;
import org.passay.RuleResult;
import org.passay.UsernameRule;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.sort.ArraysSort;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B 5.1.1.2 / OWASP ASVS 2.1: at least 12 characters, up to 128, any characters (spaces and emoji
 * included), no composition rules; refused when it is a common password (zxcvbn4j's list of 30,000, plus a Spanish
 * one we keep), contains the username (the NIT), or is a run like "123456" or "aaaa".
 *
 * @see <a href="https://pages.nist.gov/800-63-3/sp800-63b.html#memsecret">NIST SP 800-63B</a>
 */
@Component
public class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    /** Why a password is refused: the message key shown to the customer. */
    public enum Refusal {
        TOO_SHORT("password.error.tooShort"),
        TOO_LONG("password.error.tooLong"),
        COMMON("password.error.common"),
        CONTAINS_USERNAME("password.error.username"),
        SEQUENCE("password.error.sequence"),
        MISMATCH("password.error.mismatch");

        public final String messageKey;

        Refusal(String messageKey) {
            this.messageKey = messageKey;
        }
    }

    private final PasswordValidator validator;

    PasswordPolicy() {
        WordListDictionary common = new WordListDictionary(new ArrayWordList(commonPasswords(), false, new ArraysSort()));
        this.validator = new PasswordValidator(
                new LengthRule(MIN_LENGTH, MAX_LENGTH),
                new DictionaryRule(common),
                new UsernameRule(true, true),
                new RepeatCharactersRule(4, 1),
                new IllegalSequenceRule(EnglishSequenceData.Numerical, 6, true),
                new IllegalSequenceRule(EnglishSequenceData.Alphabetical, 6, true),
                new IllegalSequenceRule(EnglishSequenceData.USQwerty, 6, true));
    }

    /** The first reason this password is refused for this username, or empty when it is acceptable. */
    public Optional<Refusal> check(String username, String password, String confirmation) {
        if (password == null || password.isEmpty()) {
            return Optional.of(Refusal.TOO_SHORT);
        }
        // Length is counted in characters a person sees, not UTF-16 units (an emoji is one).
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of(Refusal.TOO_SHORT);
        }
        if (length > MAX_LENGTH) {
            return Optional.of(Refusal.TOO_LONG);
        }
        RuleResult result = validator.validate(new PasswordData(username, password));
        if (!result.isValid()) {
            List<String> codes = result.getDetails().stream().map(d -> d.getErrorCode()).toList();
            if (codes.contains(DictionaryRule.ERROR_CODE)) {
                return Optional.of(Refusal.COMMON);
            }
            if (codes.stream().anyMatch(c -> c.startsWith("ILLEGAL_USERNAME"))) {
                return Optional.of(Refusal.CONTAINS_USERNAME);
            }
            if (codes.stream().anyMatch(c -> c.startsWith("ILLEGAL_") || c.equals(RepeatCharactersRule.ERROR_CODE))) {
                return Optional.of(Refusal.SEQUENCE);
            }
            if (!codes.isEmpty() && codes.stream().allMatch(c -> c.startsWith("TOO_"))) {
                return Optional.of(codes.contains("TOO_LONG") ? Refusal.TOO_LONG : Refusal.TOO_SHORT);
            }
            return Optional.of(Refusal.SEQUENCE);
        }
        if (confirmation == null || !confirmation.equals(password)) {
            return Optional.of(Refusal.MISMATCH);
        }
        return Optional.empty();
    }

    private static String[] commonPasswords() {
        List<String> words = new ArrayList<>();
        read("/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt", words);
        read("/security/common-passwords-es.txt", words);
        String[] sorted = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        Arrays.sort(sorted);
        return sorted;
    }

    private static void read(String resource, List<String> into) {
        InputStream in = PasswordPolicy.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("common-password list missing from the classpath: " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(into::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
