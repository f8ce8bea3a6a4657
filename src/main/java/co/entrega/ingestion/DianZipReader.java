package co.entrega.ingestion;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.DocumentTooLargeException;
import co.entrega.storage.StoredDocument;

/**
 * Unpacks a DIAN delivery ZIP ({@code z...zip}: the AttachedDocument XML and its PDF) into the document store,
 * streaming, with hard limits: entries, total expanded bytes, per-entry expansion ratio (ZIP bombs), and no entry
 * name that climbs out of the archive. Entry names are only looked at; they never become a path.
 */
class DianZipReader {

    record Entry(String name, InboundFileType type, StoredDocument stored) {
    }

    private final DocumentStore store;
    private final IngestionProperties limits;

    DianZipReader(DocumentStore store, IngestionProperties limits) {
        this.store = store;
        this.limits = limits;
    }

    List<Entry> read(InputStream in) throws Rejection, IOException {
        List<Entry> entries = new ArrayList<>();
        long maxTotal = limits.maxZipExtracted().toBytes();
        long total = 0;
        int count = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (++count > limits.maxZipEntries()) {
                    throw new Rejection("ZIP_TOO_MANY_ENTRIES",
                            "El ZIP tiene más de " + limits.maxZipEntries() + " entradas");
                }
                String name = entry.getName();
                if (isUnsafe(name)) {
                    throw new Rejection("ZIP_UNSAFE_PATH", "ZIP con ruta no permitida: '" + printable(name) + "'");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                InboundFileType type = typeOf(name);
                long entryLimit = Math.min(maxTotal - total, limitFor(type));
                long size;
                StoredDocument stored = null;
                try {
                    if (type == InboundFileType.XML || type == InboundFileType.PDF) {
                        stored = store.put(new NonClosing(zip), entryLimit);
                        size = stored.size();
                    } else {
                        size = drain(zip, entryLimit);
                    }
                } catch (DocumentTooLargeException tooLarge) {
                    if (entryLimit == maxTotal - total) {
                        throw new Rejection("ZIP_BOMB", "El ZIP se expande a más de " + maxTotal
                                + " bytes (posible bomba ZIP); entrada '" + printable(name) + "'");
                    }
                    throw new Rejection("ZIP_ENTRY_TOO_LARGE", "La entrada '" + printable(name) + "' del ZIP supera "
                            + entryLimit + " bytes");
                }
                total += size;
                long compressed = entry.getCompressedSize();
                if (compressed > 0 && size / compressed > limits.maxZipRatio()) {
                    throw new Rejection("ZIP_BOMB", "La entrada '" + printable(name) + "' del ZIP se expande "
                            + (size / compressed) + " veces (posible bomba ZIP)");
                }
                if (stored != null) {
                    entries.add(new Entry(name, type, stored));
                }
            }
        } catch (ZipException | EOFException broken) {
            throw new Rejection("ZIP_INVALID", "El ZIP está dañado o incompleto: " + broken.getMessage());
        }
        if (count == 0) {
            throw new Rejection("ZIP_INVALID", "El archivo no es un ZIP válido o no contiene archivos");
        }
        return entries;
    }

    private long limitFor(InboundFileType type) {
        return switch (type) {
            case XML -> limits.maxXmlSize().toBytes();
            case PDF -> limits.maxPdfSize().toBytes();
            default -> Long.MAX_VALUE;
        };
    }

    private static InboundFileType typeOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xml")) {
            return InboundFileType.XML;
        }
        if (lower.endsWith(".pdf")) {
            return InboundFileType.PDF;
        }
        return InboundFileType.UNKNOWN;
    }

    static boolean isUnsafe(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.startsWith("/") || name.startsWith("\\")
                || name.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static long drain(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            size += n;
            if (size > limit) {
                throw new DocumentTooLargeException(limit);
            }
        }
        return size;
    }

    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    /** The store closes what it reads; the ZIP stream must stay open for the next entry. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
