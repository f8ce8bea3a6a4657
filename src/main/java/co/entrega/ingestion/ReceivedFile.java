package co.entrega.ingestion;

import co.entrega.storage.StoredDocument;

/** A file just taken from the inbox, already copied byte for byte into the document store. */
record ReceivedFile(String originalName, String source, StoredDocument stored) {
}
