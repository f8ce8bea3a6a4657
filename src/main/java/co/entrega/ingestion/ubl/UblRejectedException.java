package co.entrega.ingestion.ubl;

/**
 * The XML cannot be registered. The message is meant for an operator, in Spanish, specific enough to act on
 * (for example "XML mal formado en la línea 12: ..." or "falta el CUFE/CUDE (cbc:UUID)").
 */
public class UblRejectedException extends Exception {

    private final String reasonCode;

    public UblRejectedException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public UblRejectedException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** A stable machine code (e.g. MALFORMED_XML, MISSING_CUFE, NOT_UBL, DOCTYPE_FORBIDDEN, TOO_LARGE). */
    public String reasonCode() {
        return reasonCode;
    }
}
