package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.StoredDocument;

/**
 * What the operators' console does with the quarantine: list entries, open the original bytes, reprocess a file once
 * its cause is fixed (the same bytes go through ingestion again, as a new received file), or discard it with a comment.
 * An entry is never deleted: it ends REPROCESSED or DISCARDED, with who, when and why.
 */
@Service
public class QuarantineAdmin {

    private final JdbcClient jdbc;
    private final DocumentStore store;
    private final InboundFileProcessor processor;

    QuarantineAdmin(JdbcClient jdbc, DocumentStore store, InboundFileProcessor processor) {
        this.jdbc = jdbc;
        this.store = store;
        this.processor = processor;
    }

    /** A quarantine entry as the console lists it, with the file it holds. */
    public record Entry(long id, String reasonCode, String reason, OffsetDateTime createdAt, QuarantineStatus status,
                        OffsetDateTime resolvedAt, String resolvedBy, String resolutionComment, String originalName,
                        long sizeBytes, String source) {
    }

    /** Newest first; an empty status matches all. */
    public List<Entry> list(Optional<QuarantineStatus> status, int limit, int offset) {
        return jdbc.sql("""
                        SELECT q.id, q.reason_code, q.reason, q.created_at, q.status, q.resolved_at, q.resolved_by,
                               q.resolution_comment, f.original_name, f.size_bytes, f.source
                        FROM quarantine q JOIN inbound_files f ON f.id = q.inbound_file_id
                        WHERE (:status = '' OR q.status = :status) ORDER BY q.id DESC LIMIT :limit OFFSET :offset""")
                .param("status", status.map(Enum::name).orElse(""))
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), QuarantineStatus.valueOf(rs.getString(5)),
                        rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getLong(10), rs.getString(11)))
                .list();
    }

    public record Original(String name, long size, InputStream content) {
    }

    /** The original bytes of a quarantined file, as received. */
    public Optional<Original> original(long quarantineId) throws IOException {
        Optional<Held> file = file(quarantineId);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String documentId = file.get().documentId();
        return Optional.of(new Original(file.get().originalName(), store.size(documentId), store.open(documentId)));
    }

    /**
     * The file's bytes go through ingestion again (a new inbound file, with its own outcome). The entry ends
     * REPROCESSED. @return the new inbound file's status and detail, or empty if the entry is not OPEN
     */
    public Optional<String> reprocess(long quarantineId, String operator, String comment) {
        // Claimed first: two clicks (or a reprocess racing a discard) cannot ingest the same bytes twice. (COALESCE:
        // H2 would look the id up through the status index, see InboundFileRepository.CLAIM.)
        int claimed = move(quarantineId, QuarantineStatus.OPEN, QuarantineStatus.REPROCESSING);
        Optional<Held> file = claimed == 1 ? file(quarantineId) : Optional.empty();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Held f = file.get();
        String source = "reprocess:quarantine/" + quarantineId;
        try {
            processor.process(new ReceivedFile(f.originalName(), source,
                    new StoredDocument(f.documentId(), f.sizeBytes(), f.sha256())));
        } catch (RuntimeException failed) {
            move(quarantineId, QuarantineStatus.REPROCESSING, QuarantineStatus.OPEN);
            throw failed;
        }
        resolve(quarantineId, QuarantineStatus.REPROCESSING, QuarantineStatus.REPROCESSED, operator, comment);
        return jdbc.sql("SELECT status, detail FROM inbound_files WHERE source = :s ORDER BY id DESC")
                .param("s", source)
                .query((rs, n) -> rs.getString(1) + (rs.getString(2) == null ? "" : ": " + rs.getString(2)))
                .list().stream().findFirst();
    }

    /** @return false if the entry is not OPEN */
    public boolean discard(long quarantineId, String operator, String comment) {
        return resolve(quarantineId, QuarantineStatus.OPEN, QuarantineStatus.DISCARDED, operator, comment);
    }

    private int move(long quarantineId, QuarantineStatus from, QuarantineStatus to) {
        return jdbc.sql("UPDATE quarantine SET status = :to WHERE id = :id AND COALESCE(status, '') = :from")
                .param("to", to.name())
                .param("from", from.name())
                .param("id", quarantineId)
                .update();
    }

    private boolean resolve(long quarantineId, QuarantineStatus from, QuarantineStatus status, String operator,
                            String comment) {
        return jdbc.sql("""
                        UPDATE quarantine SET status = :status, resolved_at = :now, resolved_by = :by, resolution_comment = :c
                        WHERE id = :id AND COALESCE(status, '') = :from""")
                .param("from", from.name())
                .param("status", status.name())
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .param("by", operator)
                .param("c", comment == null ? null : InboundFileRepository.truncate(comment, 2000))
                .param("id", quarantineId)
                .update() == 1;
    }

    private record Held(String originalName, String documentId, long sizeBytes, String sha256) {
    }

    private Optional<Held> file(long quarantineId) {
        return jdbc.sql("""
                        SELECT f.original_name, f.document_id, f.size_bytes, f.sha256
                        FROM quarantine q JOIN inbound_files f ON f.id = q.inbound_file_id WHERE q.id = :id""")
                .param("id", quarantineId)
                .query((rs, n) -> new Held(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .optional();
    }
}
