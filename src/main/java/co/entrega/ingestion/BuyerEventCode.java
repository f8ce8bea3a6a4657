package co.entrega.ingestion;

import java.util.Optional;

/**
 * The RADIAN events on an invoice's commercial life (DIAN Resolución 000085 de 2022, and the codes of the Anexo
 * técnico de factura electrónica), each an ApplicationResponse with this {@code cbc:ResponseCode}. The buyer sends
 * 030 to 033; the issuer registers 034 once the buyer let the term pass.
 */
public enum BuyerEventCode {
    RECEIPT_ACKNOWLEDGED("030", "acuse de recibo"),
    CLAIM("031", "reclamo"),
    GOODS_OR_SERVICE_RECEIVED("032", "recibo del bien o prestación del servicio"),
    EXPRESS_ACCEPTANCE("033", "aceptación expresa"),
    TACIT_ACCEPTANCE("034", "aceptación tácita");

    private final String code;
    private final String description;

    BuyerEventCode(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** DIAN's three-digit code, as written in the XML and stored. */
    public String code() {
        return code;
    }

    /** What the event says, in Spanish, lower case ("acuse de recibo"). */
    public String description() {
        return description;
    }

    /** "Evento 030 (acuse de recibo)": how messages name it. */
    public String label() {
        return label(null);
    }

    /** "Evento 031 (reclamo: servicio no prestado)": with a claim's concept, when there is one. */
    public String label(ClaimConcept concept) {
        return "Evento " + code + " (" + description + (concept == null ? "" : ": " + concept.description()) + ")";
    }

    /** Whether the event accepts the invoice (033 or 034): after it, the invoice admits no claim. */
    public boolean accepts() {
        return this == EXPRESS_ACCEPTANCE || this == TACIT_ACCEPTANCE;
    }

    public static Optional<BuyerEventCode> of(String code) {
        for (BuyerEventCode value : values()) {
            if (value.code.equals(code)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
