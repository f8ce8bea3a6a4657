package co.entrega.ingestion;

/** Where a quarantine entry stands; the column {@code quarantine.status} holds the name. */
public enum QuarantineStatus {
    /** Waiting for an operator. */
    OPEN,
    /** Claimed by the reprocess that is ingesting its bytes again. */
    REPROCESSING,
    /** Its bytes went through ingestion again (with their own outcome). */
    REPROCESSED,
    /** An operator set it aside, saying why. */
    DISCARDED;

    /** Whether an operator can still act on it. */
    public boolean open() {
        return this == OPEN;
    }
}
