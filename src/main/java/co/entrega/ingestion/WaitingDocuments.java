package co.entrega.ingestion;

import java.util.LinkedHashMap;
import java.util.Map;

import co.entrega.ingestion.ubl.UblDocument;

/**
 * The parsed documents of loose XMLs waiting for their PDF, by inbound file id, so pairing does not parse them a
 * second time. Bounded: the oldest are dropped (and parsed again when their PDF comes). A document kept for a file
 * whose transaction rolled back is never asked for: ids are not reused.
 */
final class WaitingDocuments {

    private final Map<Long, UblDocument> byFile;

    WaitingDocuments(int capacity) {
        this.byFile = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, UblDocument> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void keep(long fileId, UblDocument doc) {
        byFile.put(fileId, doc);
    }

    /** The document kept for the file, removed; null when it was not kept. */
    synchronized UblDocument take(long fileId) {
        return byFile.remove(fileId);
    }
}
