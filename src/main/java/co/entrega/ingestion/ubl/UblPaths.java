package co.entrega.ingestion.ubl;


import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The element paths (below the document root, canonical cbc/cac prefixes) the reader extracts. Only direct paths:
 * a cbc:ID inside a line, a party or an extension is a different path and is never taken for the document number.
 */
final class UblPaths {

    static final String ID = "cbc:ID";
    static final String UUID = "cbc:UUID";
    static final String ISSUE_DATE = "cbc:IssueDate";
    static final String ISSUE_TIME = "cbc:IssueTime";
    static final String INVOICE_TYPE_CODE = "cbc:InvoiceTypeCode";
    static final String CREDIT_NOTE_TYPE_CODE = "cbc:CreditNoteTypeCode";
    static final String DEBIT_NOTE_TYPE_CODE = "cbc:DebitNoteTypeCode";
    static final String CURRENCY = "cbc:DocumentCurrencyCode";
    static final String LEGAL_TOTAL = "cac:LegalMonetaryTotal/";
    static final String REQUESTED_TOTAL = "cac:RequestedMonetaryTotal/";
    static final String PAYABLE = "cbc:PayableAmount";
    /** The other monetary totals, which only feed the fingerprint. */
    static final List<String> OTHER_TOTALS = List.of("cbc:LineExtensionAmount", "cbc:TaxExclusiveAmount",
            "cbc:TaxInclusiveAmount", "cbc:AllowanceTotalAmount", "cbc:ChargeTotalAmount");
    static final String REFERENCED_ID = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID";
    static final String REFERENCED_UUID = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID";

    static final String SUPPLIER = "cac:AccountingSupplierParty/cac:Party/";
    static final String CUSTOMER = "cac:AccountingCustomerParty/cac:Party/";
    static final String CUSTOMER_PARTY = "cac:AccountingCustomerParty/";
    /** Where a party's identification may be, in order of preference. */
    static final List<String> PARTY_IDS = List.of("cac:PartyTaxScheme/cbc:CompanyID",
            "cac:PartyLegalEntity/cbc:CompanyID", "cac:PartyIdentification/cbc:ID");
    static final String LEGAL_ENTITY_NAME = "cac:PartyLegalEntity/cbc:RegistrationName";
    static final String TAX_SCHEME_NAME = "cac:PartyTaxScheme/cbc:RegistrationName";
    static final List<String> PERSON_NAMES = List.of("cac:Person/cbc:FirstName", "cac:Person/cbc:MiddleName",
            "cac:Person/cbc:FamilyName");
    static final String PARTY_NAME = "cac:PartyName/cbc:Name";
    static final String PRIMARY_EMAIL = CUSTOMER + "cac:Contact/cbc:ElectronicMail";

    /** The invoice inside an AttachedDocument; the ApplicationResponse under ParentDocumentLineReference is elsewhere. */
    static final String ATTACHED_INVOICE = "cac:Attachment/cac:ExternalReference/cbc:Description";

    // An event's ApplicationResponse (Anexo técnico RADIAN): who sends it, what it says, about which invoice.
    static final String NOTE = "cbc:Note";
    static final String SENDER = "cac:SenderParty/";
    static final String RECEIVER = "cac:ReceiverParty/";
    static final String RESPONSE_CODE = "cac:DocumentResponse/cac:Response/cbc:ResponseCode";
    /** Where some software writes a claim's concept instead of the ResponseCode's listID. */
    static final String LINE_RESPONSE_CODE = "cac:DocumentResponse/cac:LineResponse/cac:Response/cbc:ResponseCode";
    static final String REFERENCED_INVOICE_ID = "cac:DocumentResponse/cac:DocumentReference/cbc:ID";
    static final String REFERENCED_INVOICE_UUID = "cac:DocumentResponse/cac:DocumentReference/cbc:UUID";

    private static final Set<String> DOCUMENT_PATHS = documentPaths();
    private static final Set<String> EVENT_PATHS = eventPaths();

    private UblPaths() {
    }

    /** Which paths to capture for a root: the embedded text for an AttachedDocument, the fields otherwise. */
    static Predicate<String> wanted(RootKind kind) {
        if (kind == RootKind.ATTACHED_DOCUMENT) {
            return ATTACHED_INVOICE::equals;
        }
        if (kind == RootKind.APPLICATION_RESPONSE) {
            return EVENT_PATHS::contains;
        }
        return path -> DOCUMENT_PATHS.contains(path) || isCustomerEmail(path);
    }

    /** Customer e-mails: the party's Contact, and any Contact or AccountingContact below the customer. */
    static boolean isCustomerEmail(String path) {
        return path.startsWith(CUSTOMER_PARTY) && (path.endsWith("cac:Contact/cbc:ElectronicMail")
                || path.endsWith("cac:AccountingContact/cbc:ElectronicMail"));
    }

    private static Set<String> documentPaths() {
        Set<String> paths = new HashSet<>(List.of(ID, UUID, ISSUE_DATE, ISSUE_TIME, INVOICE_TYPE_CODE,
                CREDIT_NOTE_TYPE_CODE, DEBIT_NOTE_TYPE_CODE, CURRENCY, REFERENCED_ID, REFERENCED_UUID));
        for (String total : List.of(LEGAL_TOTAL, REQUESTED_TOTAL)) {
            paths.add(total + PAYABLE);
            OTHER_TOTALS.forEach(amount -> paths.add(total + amount));
        }
        for (String party : List.of(SUPPLIER, CUSTOMER)) {
            PARTY_IDS.forEach(id -> paths.add(party + id));
            PERSON_NAMES.forEach(name -> paths.add(party + name));
            paths.add(party + LEGAL_ENTITY_NAME);
            paths.add(party + TAX_SCHEME_NAME);
            paths.add(party + PARTY_NAME);
        }
        return Set.copyOf(paths);
    }

    private static Set<String> eventPaths() {
        Set<String> paths = new HashSet<>(List.of(ID, UUID, ISSUE_DATE, ISSUE_TIME, NOTE, RESPONSE_CODE,
                LINE_RESPONSE_CODE, REFERENCED_INVOICE_ID, REFERENCED_INVOICE_UUID));
        for (String party : List.of(SENDER, RECEIVER)) {
            PARTY_IDS.forEach(id -> paths.add(party + id));
            PERSON_NAMES.forEach(name -> paths.add(party + name));
            paths.add(party + LEGAL_ENTITY_NAME);
            paths.add(party + TAX_SCHEME_NAME);
            paths.add(party + PARTY_NAME);
        }
        return Set.copyOf(paths);
    }
}
