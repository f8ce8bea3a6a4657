package co.entrega.ingestion;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * How ingestion is doing right now, for the operators' dashboard: the files not decided yet and how many it decided
 * lately. Every query reads an index range (the waiting files, or the last hours' {@code completed_at}, V14).
 */
@Service
public class IngestionActivity {

    /**
     * @param inInbox        files in the inbox this instance has listed and not finished (see {@link InboxBacklog})
     * @param inboxAtLeast   the inbox may hold more than {@code inInbox} (its listing was cut at the poll's maximum)
     * @param waitingForPair loose XMLs and PDFs waiting for their other half
     */
    public record Backlog(long inInbox, boolean inboxAtLeast, long waitingForPair) {

        public long files() {
            return inInbox + waitingForPair;
        }
    }

    /**
     * One row per bucket of {@code %d} seconds comes back, computed by the database over an index range; public for
     * the dashboard's scaling test, which reads its plan.
     */
    public static final String DECIDED_PER_BUCKET = "SELECT b, COUNT(*) AS n"
            + " FROM (SELECT FLOOR(EXTRACT(EPOCH FROM completed_at) / %d) AS b"
            + " FROM inbound_files WHERE completed_at >= :from) t GROUP BY b";

    private final JdbcClient jdbc;
    private final InboxBacklog inbox;

    IngestionActivity(JdbcClient jdbc, InboxBacklog inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    public Backlog backlog() {
        InboxBacklog.Files listed = inbox.files();
        long waiting = jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE status = :waiting")
                .param("waiting", InboundStatus.WAITING.name())
                .query(Long.class).single();
        return new Backlog(listed.files(), listed.atLeast(), waiting);
    }

    /** Files decided (registered, duplicate or quarantined) since {@code from}. */
    public long decidedSince(Instant from) {
        return jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE completed_at >= :from")
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Files decided since {@code from}, per {@code bucket} aligned on the epoch; buckets with none are absent. */
    public SortedMap<Instant, Long> decidedPer(Duration bucket, Instant from) {
        long seconds = bucket.toSeconds();
        SortedMap<Instant, Long> counts = new TreeMap<>();
        jdbc.sql(DECIDED_PER_BUCKET.formatted(seconds))
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .query((rs, n) -> counts.put(Instant.ofEpochSecond(rs.getLong("b") * seconds), rs.getLong("n")))
                .list();
        return counts;
    }

    /** A file taken from the inbox, as the console lists it. */
    public record File(long id, String originalName, String source, OffsetDateTime receivedAt, long sizeBytes,
                       InboundFileType fileType, InboundStatus status, String detail) {
    }

    /** Files taken in this status (any, if empty), received since {@code from} (ever, if null). */
    public long received(Optional<InboundStatus> status, Instant from) {
        // Only the conditions asked for, so each count reads its own index range.
        var count = jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE " + (status.isPresent() ? "status = :status" : "1 = 1")
                + (from == null ? "" : " AND received_at >= :from"));
        status.ifPresent(s -> count.param("status", s.name()));
        if (from != null) {
            count.param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        return count.query(Long.class).single();
    }

    /** Newest first; an empty status matches all. */
    public List<File> files(Optional<InboundStatus> status, int limit, int offset) {
        return jdbc.sql("""
                        SELECT id, original_name, source, received_at, size_bytes, file_type, status, detail
                        FROM inbound_files WHERE (:status = '' OR status = :status)
                        ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .param("status", status.map(Enum::name).orElse(""))
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> new File(rs.getLong("id"), rs.getString("original_name"), rs.getString("source"),
                        rs.getObject("received_at", OffsetDateTime.class), rs.getLong("size_bytes"),
                        InboundFileType.valueOf(rs.getString("file_type")), InboundStatus.valueOf(rs.getString("status")),
                        rs.getString("detail")))
                .list();
    }
}
