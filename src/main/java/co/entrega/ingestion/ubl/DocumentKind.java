package co.entrega.ingestion.ubl;

/** The DIAN document kinds Entrega delivers, with the type code each carries when the XML omits one. */
public enum DocumentKind {
    INVOICE("01"),
    CREDIT_NOTE("91"),
    DEBIT_NOTE("92");

    private final String defaultTypeCode;

    DocumentKind(String defaultTypeCode) {
        this.defaultTypeCode = defaultTypeCode;
    }

    public String defaultTypeCode() {
        return defaultTypeCode;
    }
}
