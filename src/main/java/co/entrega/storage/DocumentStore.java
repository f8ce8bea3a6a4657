package co.entrega.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where original files and invoice documents live. Documents are addressed only by ids this store generates,
 * never by a name or path taken from input, so nothing an ERP or a customer sends can point at the file system.
 */
public interface DocumentStore {

    /** Streams the bytes into a new document, in bounded memory, and returns its id, size and SHA-256. */
    StoredDocument put(InputStream content) throws IOException;

    /** Like {@link #put(InputStream)}, but fails with {@link DocumentTooLargeException} past maxBytes. */
    StoredDocument put(InputStream content, long maxBytes) throws IOException;

    /** Opens a stored document for reading; the caller closes the stream. */
    InputStream open(String id) throws IOException;

    /** The size in bytes of a stored document. */
    long size(String id) throws IOException;

    boolean exists(String id);
}
