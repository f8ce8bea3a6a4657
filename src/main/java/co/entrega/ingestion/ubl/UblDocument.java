package co.entrega.ingestion.ubl;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * What Entrega needs from one DIAN UBL 2.1 Invoice, CreditNote or DebitNote.
 *
 * @param kind              invoice, credit note or debit note
 * @param typeCode          InvoiceTypeCode (01..04), CreditNoteTypeCode (91) or 92 for debit notes
 * @param number            cbc:ID, e.g. "SETP990000001"
 * @param cufe              cbc:UUID (CUFE for invoices, CUDE for notes), trimmed
 * @param cufeScheme        the schemeName of cbc:UUID (e.g. "CUFE-SHA384"), or null
 * @param issueDate         cbc:IssueDate
 * @param issueTime         cbc:IssueTime without offset, or null
 * @param supplier          AccountingSupplierParty
 * @param customer          AccountingCustomerParty
 * @param customerEmails    the customer's emails (Contact/ElectronicMail, split on , and ;), lower-cased, deduplicated
 * @param payableAmount     LegalMonetaryTotal/PayableAmount (RequestedMonetaryTotal on debit notes)
 * @param currency          DocumentCurrencyCode, else the currencyID of the payable amount, else "COP"
 * @param referencedNumber  for notes: BillingReference/InvoiceDocumentReference/ID, else null
 * @param referencedCufe    for notes: BillingReference/InvoiceDocumentReference/UUID, else null
 * @param fromAttachedDocument true when the document was unwrapped from an AttachedDocument
 * @param fingerprint       SHA-256 (hex) over the document's business content, independent of formatting,
 *                          encoding and wrapping: two files with the same CUFE and the same fingerprint are the
 *                          same document; the same CUFE with another fingerprint is a conflict
 */
public record UblDocument(
        DocumentKind kind,
        String typeCode,
        String number,
        String cufe,
        String cufeScheme,
        LocalDate issueDate,
        LocalTime issueTime,
        Party supplier,
        Party customer,
        List<String> customerEmails,
        BigDecimal payableAmount,
        String currency,
        String referencedNumber,
        String referencedCufe,
        boolean fromAttachedDocument,
        String fingerprint) {
}
