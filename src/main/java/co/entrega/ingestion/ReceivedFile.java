package co.entrega.ingestion;

import co.entrega.storage.StoredDocument;

/**
 * A file just taken from the inbox, already copied byte for byte into the document store.
 *
 * @param doneName where the file goes (or already is) in the inbox's {@code .done} folder,
 *                 {@code <yyyyMMdd>/<HHmmssSSS>-<name>}; null when no inbox file is involved (quarantine reprocessing)
 */
record ReceivedFile(String originalName, String source, StoredDocument stored, String doneName) {

    ReceivedFile(String originalName, String source, StoredDocument stored) {
        this(originalName, source, stored, null);
    }
}
