package co.entrega.portal;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One of a customer's documents as the portal lists and serves it. */
record CustomerDocument(long id, String number, String kind, LocalDate issueDate, BigDecimal amount,
                        String currency, String xmlDocumentId, String pdfDocumentId, boolean downloaded) {

    /** A file name built from the document number only: nothing else of the input reaches a header or a ZIP. */
    String fileBaseName() {
        String base = number.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
        return base.isEmpty() ? "documento-" + id : base;
    }
}
