package co.entrega.storage;

/** A document kept in the store: our id for it, its size and its SHA-256 (hex). */
public record StoredDocument(String id, long size, String sha256) {
}
