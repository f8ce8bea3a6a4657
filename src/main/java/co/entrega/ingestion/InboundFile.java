package co.entrega.ingestion;

import java.time.OffsetDateTime;

/** One dropped file as recorded: its name as the ERP gave it, and the id of its original bytes in our store. */
record InboundFile(long id, String originalName, String documentId, InboundFileType type, OffsetDateTime receivedAt,
                   String pairKey, String altPairKey) {
}
