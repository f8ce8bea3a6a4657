package co.entrega.ingestion;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A RADIAN event on one of the issuer's invoices, read from its ApplicationResponse (bare, or inside the
 * AttachedDocument it travels in).
 *
 * @param code                 {@code cac:DocumentResponse/cac:Response/cbc:ResponseCode}
 * @param claimConcept         for a 031: why the buyer claims; else null
 * @param number               the event's own number, {@code cbc:ID}
 * @param cude                 the event's CUDE, {@code cbc:UUID} (lower case when hexadecimal, as CUFEs are kept)
 * @param cudeScheme           the schemeName of {@code cbc:UUID} ("CUDE-SHA384"), or null
 * @param issueDate            {@code cbc:IssueDate}
 * @param issueTime            {@code cbc:IssueTime} without its offset, or null
 * @param note                 the {@code cbc:Note}s, one per line, or null
 * @param senderNit            who sent it ({@code cac:SenderParty/cac:PartyTaxScheme/cbc:CompanyID}): the buyer, or
 *                             the issuer for a 034; as written, without a check digit written into it
 * @param senderCheckDigit     the sender's check digit (the CompanyID's schemeID), or null
 * @param senderName           the sender's registration name, or null
 * @param receiverNit          {@code cac:ReceiverParty}'s id, or null
 * @param receiverName         {@code cac:ReceiverParty}'s name, or null
 * @param invoiceNumber        the invoice it is about, {@code cac:DocumentResponse/cac:DocumentReference/cbc:ID}, or null
 * @param invoiceCufe          that invoice's CUFE, {@code cac:DocumentReference/cbc:UUID} (lower case when hexadecimal)
 * @param fromAttachedDocument true when it came inside an AttachedDocument
 */
public record BuyerEvent(BuyerEventCode code, ClaimConcept claimConcept, String number, String cude, String cudeScheme,
                         LocalDate issueDate, LocalTime issueTime, String note, String senderNit,
                         String senderCheckDigit, String senderName, String receiverNit, String receiverName,
                         String invoiceNumber, String invoiceCufe, boolean fromAttachedDocument) {

    /** "Evento 031 (reclamo: mercancía no entregada totalmente)". */
    public String label() {
        return code.label(claimConcept);
    }
}
