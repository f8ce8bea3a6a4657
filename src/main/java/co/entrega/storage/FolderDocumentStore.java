package co.entrega.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The document store as a folder: {@code <root>/<2 hex>/<uuid>}. A document is written to a temporary file and
 * moved into place atomically, so a crash never leaves a half-written document under a real id. {@link #put} returns
 * only once the document survives a power loss: its bytes are forced to the disk before the move, and the folder
 * entry the move wrote after it. A database row refers to a document only after that, so a committed row never
 * points at a document the disk did not keep.
 */
public class FolderDocumentStore implements DocumentStore {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;

    public FolderDocumentStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(tmp);
        // All 256 shard folders up front, the root forced once: a document's put never depends on another's folder
        // entry reaching the disk.
        for (int shard = 0; shard < 256; shard++) {
            Files.createDirectories(this.root.resolve(String.format("%02x", shard)));
        }
        forceDirectory(this.root);
    }

    @Override
    public StoredDocument put(InputStream content) throws IOException {
        return put(content, Long.MAX_VALUE);
    }

    @Override
    public StoredDocument put(InputStream content, long maxBytes) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path partial = Files.createTempFile(tmp, id, ".part");
        try {
            MessageDigest sha256 = sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) != -1; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new DocumentTooLargeException(maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
                channel.force(true);
            }
            Path target = pathOf(id);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(target.getParent());
            return new StoredDocument(id, size, HexFormat.of().formatHex(sha256.digest()));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String id) throws IOException {
        return Files.newInputStream(pathOf(id));
    }

    @Override
    public long size(String id) throws IOException {
        return Files.size(pathOf(id));
    }

    @Override
    public boolean exists(String id) {
        return ID.matcher(id).matches() && Files.isRegularFile(pathOf(id));
    }

    private Path pathOf(String id) {
        // Ids are ours, but check anyway: a malformed id must never become a path outside the store.
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a document id: " + id);
        }
        return root.resolve(id.substring(0, 2)).resolve(id);
    }

    /**
     * Forces a folder's entries (a file moved in, a folder created) to the disk. Linux and macOS allow a folder to be
     * opened and forced; where the platform refuses (Windows), its file system journals folder entries itself.
     */
    private static void forceDirectory(Path directory) throws IOException {
        FileChannel folder;
        try {
            folder = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            return;
        }
        try (folder) {
            folder.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
