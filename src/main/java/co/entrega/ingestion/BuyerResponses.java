package co.entrega.ingestion;

/**
 * Where ingestion hands a buyer's event it read from the inbox. Implemented by the feature that keeps the events
 * ({@code evidence}), so that ingestion does not depend on it. Called inside the transaction that decides the file:
 * what it writes commits, or rolls back, with the file's own record.
 */
public interface BuyerResponses {

    /**
     * Records the event, or refuses it and changes nothing.
     *
     * @param inboundFileId the file it came in ({@code inbound_files.id})
     */
    Outcome record(BuyerEvent event, long inboundFileId);

    sealed interface Outcome permits Recorded, Refused {
    }

    /** @param invoiceId the invoice the event is about; @param detail what the file's record says, in Spanish */
    record Recorded(long invoiceId, String detail) implements Outcome {
    }

    /** @param reasonCode the quarantine's reason code; @param reason why, in Spanish, naming the invoice */
    record Refused(String reasonCode, String reason) implements Outcome {
    }
}
