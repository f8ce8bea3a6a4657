package co.entrega.customers;

import java.util.Locale;

/**
 * A Colombian tax id as written by ERPs and people: "900.123.456-7", "900123456", " 900123456 ". Identity is the
 * number without separators and without the check digit, which travels apart (DIAN's schemeID).
 */
public record Nit(String number, String checkDigit) {

    public static Nit parse(String raw, String checkDigit) {
        String value = raw == null ? "" : raw.trim().replace(".", "").replace(" ", "").toUpperCase(Locale.ROOT);
        String dv = checkDigit == null || checkDigit.isBlank() ? null : checkDigit.trim();
        int dash = value.lastIndexOf('-');
        if (dash > 0 && dash == value.length() - 2 && Character.isDigit(value.charAt(value.length() - 1))) {
            if (dv == null) {
                dv = value.substring(dash + 1);
            }
            value = value.substring(0, dash);
        }
        return new Nit(value, dv);
    }

    public boolean isBlank() {
        return number.isEmpty();
    }
}
