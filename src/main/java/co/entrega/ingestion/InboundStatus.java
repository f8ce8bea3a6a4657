package co.entrega.ingestion;

/** Where one dropped file stands. Every file ends REGISTERED, DUPLICATE or QUARANTINED; nothing else is final. */
public enum InboundStatus {
    /** A loose XML or PDF waiting for its other half (at most {@code entrega.ingestion.pair-wait}). */
    WAITING,
    /** Claimed by the transaction that is pairing it; never visible after that transaction ends. */
    PAIRING,
    REGISTERED,
    DUPLICATE,
    QUARANTINED;

    public boolean isFinal() {
        return this == REGISTERED || this == DUPLICATE || this == QUARANTINED;
    }
}
