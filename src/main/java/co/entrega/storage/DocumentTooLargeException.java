package co.entrega.storage;

import java.io.IOException;

/** The content was longer than the caller allowed; nothing was kept. */
public class DocumentTooLargeException extends IOException {

    private final long maxBytes;

    public DocumentTooLargeException(long maxBytes) {
        super("content exceeds " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
