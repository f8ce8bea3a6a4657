package co.entrega.customers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** One or more addresses written in one field, separated by commas, semicolons or spaces, as ERPs do. */
public final class EmailAddresses {

    // Deliberately simple: the SMTP server is the judge; this only keeps obvious garbage out of the record.
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\".]{2,}");

    private EmailAddresses() {
    }

    /** The valid addresses, lower-cased, in order, without repeats. */
    public static List<String> parse(String raw) {
        Set<String> found = new LinkedHashSet<>();
        for (String token : tokens(raw)) {
            if (ADDRESS.matcher(token).matches()) {
                found.add(token.toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(found);
    }

    /** The tokens that are not valid addresses (to name them in a rejection). */
    public static List<String> invalid(String raw) {
        List<String> bad = new ArrayList<>();
        for (String token : tokens(raw)) {
            if (!ADDRESS.matcher(token).matches()) {
                bad.add(token);
            }
        }
        return bad;
    }

    public static String join(List<String> addresses) {
        return addresses.isEmpty() ? null : String.join(", ", addresses);
    }

    private static List<String> tokens(String raw) {
        List<String> tokens = new ArrayList<>();
        if (raw == null) {
            return tokens;
        }
        for (String token : raw.split("[,;\\s]+")) {
            if (!token.isBlank()) {
                tokens.add(token.trim());
            }
        }
        return tokens;
    }
}
