package co.entrega.ingestion;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Why the buyer claims (event 031): DIAN's list "Concepto de Reclamo", carried as the {@code listID} attribute of the
 * event's {@code cbc:ResponseCode} (with its text in {@code name}).
 */
public enum ClaimConcept {
    INCONSISTENT_DOCUMENT("01", "documento con inconsistencias"),
    GOODS_NOT_DELIVERED("02", "mercancía no entregada totalmente"),
    GOODS_PARTIALLY_DELIVERED("03", "mercancía no entregada parcialmente"),
    SERVICE_NOT_RENDERED("04", "servicio no prestado");

    private final String code;
    private final String description;

    ClaimConcept(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<ClaimConcept> ofCode(String code) {
        for (ClaimConcept value : values()) {
            if (value.code.equals(code)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * The concept a value written by some software means: the code ("02", or "2" without its zero) or the list's text
     * ("Mercancía no entregada totalmente", any case, with or without accents).
     */
    public static Optional<ClaimConcept> parse(String written) {
        if (written == null || written.isBlank()) {
            return Optional.empty();
        }
        String value = written.strip();
        if (value.matches("\\d{1,2}")) {
            return ofCode(value.length() == 1 ? "0" + value : value);
        }
        String plain = plain(value);
        for (ClaimConcept concept : values()) {
            if (plain.equals(plain(concept.description))) {
                return Optional.of(concept);
            }
        }
        return Optional.empty();
    }

    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[\\s.]+", " ")
                .strip().toLowerCase(Locale.ROOT);
    }
}
