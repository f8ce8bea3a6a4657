package co.entrega.ingestion;

/**
 * Where one received file stands. Every file ends REGISTERED, RECORDED, DUPLICATE or QUARANTINED; nothing else is
 * final. The column {@code inbound_files.status} holds the name.
 */
public enum InboundStatus {
    /** A loose XML or PDF waiting for its other half (at most {@code entrega.ingestion.pair-wait}). */
    WAITING,
    /** Claimed by the transaction that is pairing it; never visible after that transaction ends. */
    PAIRING,
    REGISTERED,
    /** Understood and acted on, registers no invoice: a buyer's event, a delivery report, an automatic reply. */
    RECORDED,
    DUPLICATE,
    QUARANTINED;

    public boolean isFinal() {
        return this == REGISTERED || this == RECORDED || this == DUPLICATE || this == QUARANTINED;
    }
}
