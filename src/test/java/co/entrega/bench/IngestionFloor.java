package co.entrega.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.ingestion.ubl.UblReader;

/**
 * Ingestion's floor: the same work as the inbox by a straight loop in one thread, no framework. For each file, in
 * name order: stream it into a store file while hashing it (SHA-256); a ZIP's entries are streamed into store files
 * of their own the same way; its XML (a loose XML, or the ZIP's XML entry) is parsed with the service's own StAX
 * {@link UblReader}; a loose PDF waits in a map for its XML (by base name) or the XML for its PDF. Every file gets a
 * row, every document an invoice row, inserted in JDBC batches committed every 500 files into a new database of the
 * same kind.
 * <p>
 * With {@code forced}, what Entrega promises too: every stored file and its folder forced to disk before the commit
 * that names it, and the commit durable (PostgreSQL's synchronous_commit; on H2, {@code CHECKPOINT SYNC}).
 */
final class IngestionFloor {

    private static final int COMMIT_EVERY = 500;

    private IngestionFloor() {
    }

    /** @return seconds taken for every file of {@code folder} */
    static double run(Path folder, Path store, String url, String user, String password, boolean forced)
            throws Exception {
        Files.createDirectories(store);
        UblReader reader = new UblReader(10 * 1024 * 1024);
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.sorted().toList();
        }
        boolean h2 = url.startsWith("jdbc:h2:");
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE floor_files (id BIGINT PRIMARY KEY, name VARCHAR(512), sha256 VARCHAR(64),"
                        + " size BIGINT, document VARCHAR(64))");
                s.execute("CREATE TABLE floor_invoices (id BIGINT PRIMARY KEY, cufe VARCHAR(200) UNIQUE,"
                        + " number VARCHAR(100), customer_nit VARCHAR(32), issue_date DATE, xml VARCHAR(64),"
                        + " pdf VARCHAR(64))");
            }
            db.setAutoCommit(false);
            Map<String, String> pdfWaiting = new HashMap<>();
            Map<String, Long> xmlWaiting = new HashMap<>();
            long fileId = 0;
            long invoiceId = 0;
            try (PreparedStatement fileRow = db.prepareStatement(
                    "INSERT INTO floor_files (id, name, sha256, size, document) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement invoiceRow = db.prepareStatement("INSERT INTO floor_invoices"
                         + " (id, cufe, number, customer_nit, issue_date, xml, pdf) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement attachPdf = db.prepareStatement("UPDATE floor_invoices SET pdf = ? WHERE id = ?")) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String lower = name.toLowerCase(Locale.ROOT);
                    Stored original;
                    try (InputStream in = Files.newInputStream(file)) {
                        original = put(store, in, forced);
                    }
                    fileRow.setLong(1, ++fileId);
                    fileRow.setString(2, name);
                    fileRow.setString(3, original.sha256());
                    fileRow.setLong(4, original.size());
                    fileRow.setString(5, original.id());
                    fileRow.addBatch();
                    String base = name.substring(0, Math.max(name.lastIndexOf('.'), 0)).toLowerCase(Locale.ROOT);
                    if (lower.endsWith(".zip")) {
                        Stored xml = null;
                        Stored pdf = null;
                        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(store.resolve(original.id())))) {
                            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                                Stored stored = put(store, new NonClosing(zip), forced);
                                if (entry.getName().toLowerCase(Locale.ROOT).endsWith(".xml")) {
                                    xml = stored;
                                } else {
                                    pdf = stored;
                                }
                            }
                        }
                        UblDocument doc = parse(reader, store, xml);
                        addInvoice(invoiceRow, ++invoiceId, doc, xml.id(), pdf == null ? null : pdf.id());
                    } else if (lower.endsWith(".xml")) {
                        UblDocument doc = parse(reader, store, original);
                        String pdf = pdfWaiting.remove(base);
                        addInvoice(invoiceRow, ++invoiceId, doc, original.id(), pdf);
                        if (pdf == null) {
                            xmlWaiting.put(base, invoiceId);
                        }
                    } else if (lower.endsWith(".pdf")) {
                        Long invoice = xmlWaiting.remove(base);
                        if (invoice == null) {
                            pdfWaiting.put(base, original.id());
                        } else {
                            attachPdf.setString(1, original.id());
                            attachPdf.setLong(2, invoice);
                            attachPdf.addBatch();
                        }
                    }
                    if (fileId % COMMIT_EVERY == 0) {
                        commit(db, fileRow, invoiceRow, attachPdf, store, forced && h2);
                    }
                }
                commit(db, fileRow, invoiceRow, attachPdf, store, forced && h2);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private record Stored(String id, long size, String sha256) {
    }

    private static long counter;

    private static Stored put(Path store, InputStream content, boolean forced) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String id = Long.toString(++counter);
        Path target = store.resolve(id);
        long size;
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            size = new DigestInputStream(content, sha256).transferTo(out);
            if (forced) {
                channel.force(true);
            }
        }
        if (forced) {
            try (FileChannel folder = FileChannel.open(store, StandardOpenOption.READ)) {
                folder.force(true);
            }
        }
        return new Stored(id, size, HexFormat.of().formatHex(sha256.digest()));
    }

    private static UblDocument parse(UblReader reader, Path store, Stored xml) throws Exception {
        try (InputStream in = Files.newInputStream(store.resolve(xml.id()))) {
            return reader.read(in);
        }
    }

    private static void addInvoice(PreparedStatement row, long id, UblDocument doc, String xml, String pdf)
            throws Exception {
        row.setLong(1, id);
        row.setString(2, doc.cufe());
        row.setString(3, doc.number());
        row.setString(4, doc.customer().nit());
        row.setDate(5, Date.valueOf(doc.issueDate()));
        row.setString(6, xml);
        row.setString(7, pdf);
        row.addBatch();
    }

    private static void commit(Connection db, PreparedStatement files, PreparedStatement invoices,
                               PreparedStatement attach, Path store, boolean checkpoint) throws Exception {
        files.executeBatch();
        invoices.executeBatch();
        attach.executeBatch();
        db.commit();
        if (checkpoint) {
            try (Statement s = db.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
