package co.entrega.ingestion;

import java.util.Locale;

/** Loose XML and PDF files pair up by base name ("FV123.xml" + "fv123.PDF"), or a PDF named after the number. */
final class PairKeys {

    private PairKeys() {
    }

    static String baseName(String fileName) {
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).trim().toLowerCase(Locale.ROOT);
    }

    static String ofNumber(String documentNumber) {
        return documentNumber == null ? null : documentNumber.trim().toLowerCase(Locale.ROOT);
    }
}
