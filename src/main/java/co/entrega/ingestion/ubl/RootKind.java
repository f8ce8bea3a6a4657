package co.entrega.ingestion.ubl;

/**
 * The root elements the reader accepts: the three DIAN documents, the ApplicationResponse of a RADIAN event, and the
 * AttachedDocument envelope that carries one of them.
 */
enum RootKind {
    INVOICE(UblNamespaces.INVOICE, "Invoice", DocumentKind.INVOICE),
    CREDIT_NOTE(UblNamespaces.CREDIT_NOTE, "CreditNote", DocumentKind.CREDIT_NOTE),
    DEBIT_NOTE(UblNamespaces.DEBIT_NOTE, "DebitNote", DocumentKind.DEBIT_NOTE),
    APPLICATION_RESPONSE(UblNamespaces.APPLICATION_RESPONSE, "ApplicationResponse", null),
    ATTACHED_DOCUMENT(UblNamespaces.ATTACHED_DOCUMENT, "AttachedDocument", null);

    private final String namespace;
    private final String localName;
    private final DocumentKind documentKind;

    RootKind(String namespace, String localName, DocumentKind documentKind) {
        this.namespace = namespace;
        this.localName = localName;
        this.documentKind = documentKind;
    }

    /** The kind for a root element, or null when it is not a UBL 2.1 document Entrega understands. */
    static RootKind of(String namespace, String localName) {
        for (RootKind kind : values()) {
            if (kind.namespace.equals(namespace) && kind.localName.equals(localName)) {
                return kind;
            }
        }
        return null;
    }

    /** The document kind, or null for an event or the AttachedDocument envelope. */
    DocumentKind documentKind() {
        return documentKind;
    }

    /** The root as the scanner names an unexpected one: '{namespace}localName'. */
    String qualifiedName() {
        return "{" + namespace + "}" + localName;
    }
}
