package co.entrega.evidence;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;

import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.ClaimConcept;

/**
 * A buyer's event as recorded against its invoice.
 *
 * @param claimConcept  for a 031, why the buyer claims; else null
 * @param number        the event's own number (its cbc:ID)
 * @param senderNit     who sent it, NIT without check digit: the buyer, or the issuer for a 034
 * @param inboundFileId the file it came in ({@code inbound_files.id})
 * @param receivedAt    when Entrega recorded it
 */
public record RecordedEvent(long id, long invoiceId, BuyerEventCode code, ClaimConcept claimConcept, String note,
                            String number, String cude, LocalDate issueDate, LocalTime issueTime, String senderNit,
                            String senderName, long inboundFileId, OffsetDateTime receivedAt) {

    /** "Evento 031 (reclamo: servicio no prestado)". */
    public String label() {
        return code.label(claimConcept);
    }
}
