package co.entrega.ingestion;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class InboundFileRepository {

    private static final String COLUMNS = "id, original_name, document_id, file_type, received_at, pair_key, alt_pair_key";
    private static final RowMapper<InboundFile> MAPPER = (rs, n) -> new InboundFile(
            rs.getLong("id"), rs.getString("original_name"), rs.getString("document_id"),
            InboundFileType.valueOf(rs.getString("file_type")), rs.getObject("received_at", OffsetDateTime.class),
            rs.getString("pair_key"), rs.getString("alt_pair_key"));

    private final JdbcClient jdbc;
    private final IngestionMetrics metrics;

    InboundFileRepository(JdbcClient jdbc, IngestionMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /** Records a received file as being processed (status PAIRING until this transaction decides). */
    InboundFile insert(ReceivedFile file, InboundFileType type) {
        OffsetDateTime now = now();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO inbound_files (original_name, source, received_at, size_bytes, sha256, document_id,
                                           file_type, status, done_name)
                VALUES (:name, :source, :receivedAt, :size, :sha256, :documentId, :type, 'PAIRING', :doneName)""")
                .param("name", truncate(file.originalName(), 512))
                .param("doneName", truncate(file.doneName(), DONE_NAME_LENGTH))
                .param("source", truncate(file.source(), 1000))
                .param("receivedAt", now)
                .param("size", file.stored().size())
                .param("sha256", file.stored().sha256())
                .param("documentId", file.stored().id())
                .param("type", type.name())
                .update(key, "id");
        long id = key.getKeyAs(Number.class) != null ? key.getKeyAs(Number.class).longValue() : key.getKey().longValue();
        return new InboundFile(id, file.originalName(), file.stored().id(), type, now, null, null);
    }

    /** Column {@code done_name}'s length (V12); a longer done name is stored, and looked up, truncated. */
    static final int DONE_NAME_LENGTH = 1000;

    /** The (UTC) day the latest file was received, if any. */
    Optional<LocalDate> lastReceivedDate() {
        return jdbc.sql("SELECT MAX(received_at) FROM inbound_files").query(OffsetDateTime.class).list().stream()
                .filter(Objects::nonNull).findFirst()
                .map(at -> at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
    }

    /**
     * Whether a file the inbox moved to {@code .done/<doneName>} has its row: a row recording that done name, or, for
     * files taken before done names were recorded (V12), a row with no done name, the same original name and received
     * within a day of {@code doneDate} (the date folder's). One index lookup ({@code ix_inbound_files_done_name});
     * the second only when the first finds nothing.
     */
    boolean isRecorded(String doneName, String originalName, LocalDate doneDate) {
        boolean byDoneName = !jdbc.sql("SELECT id FROM inbound_files WHERE done_name = :doneName LIMIT 1")
                .param("doneName", truncate(doneName, DONE_NAME_LENGTH))
                .query(Long.class).list().isEmpty();
        if (byDoneName) {
            return true;
        }
        // The date folder is in the server's time zone, received_at in UTC: a day either side covers both.
        OffsetDateTime from = doneDate.minusDays(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
        OffsetDateTime to = doneDate.plusDays(2).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
        return !jdbc.sql("""
                        SELECT id FROM inbound_files
                        WHERE done_name IS NULL AND original_name = :name
                          AND received_at >= :from AND received_at < :to
                        LIMIT 1""")
                .param("name", truncate(originalName, 512))
                .param("from", from)
                .param("to", to)
                .query(Long.class).list().isEmpty();
    }

    /** An earlier file taken under the same name with the same bytes, not quarantined: the id, invoice and status. */
    record EarlierCopy(long id, Long invoiceId, String status) {
    }

    Optional<EarlierCopy> findEarlierCopy(InboundFile file, String sha256) {
        return jdbc.sql("""
                SELECT id, invoice_id, status FROM inbound_files
                WHERE sha256 = :sha AND original_name = :name AND id < :id
                  AND status IN ('WAITING', 'REGISTERED', 'RECORDED', 'DUPLICATE')
                ORDER BY id""")
                .param("sha", sha256).param("name", truncate(file.originalName(), 512)).param("id", file.id())
                .query((rs, n) -> new EarlierCopy(rs.getLong(1), (Long) rs.getObject(2, Long.class), rs.getString(3)))
                .list().stream().findFirst();
    }

    void complete(long id, InboundStatus status, Long invoiceId, String detail) {
        jdbc.sql("""
                UPDATE inbound_files SET status = :status, invoice_id = :invoiceId, detail = :detail,
                                         completed_at = :now
                WHERE id = :id""")
                .param("status", status.name())
                .param("invoiceId", invoiceId)
                .param("detail", truncate(detail, 2000))
                .param("now", now())
                .param("id", id)
                .update();
        metrics.countWhenCommitted(status);
    }

    void markWaiting(long id, String pairKey, String altPairKey) {
        jdbc.sql("UPDATE inbound_files SET status = 'WAITING', pair_key = :pairKey, alt_pair_key = :alt WHERE id = :id")
                .param("pairKey", truncate(pairKey, 512))
                .param("alt", truncate(altPairKey, 128))
                .param("id", id)
                .update();
    }

    /** Puts a claimed file back to waiting, keys unchanged. */
    void backToWaiting(long id) {
        jdbc.sql("UPDATE inbound_files SET status = 'WAITING' WHERE id = :id").param("id", id).update();
    }

    /**
     * H2 plans an UPDATE with {@code id = ?} and an equality on another indexed column through that other index: this
     * claim walked every waiting file of {@code ix_inbound_files_status} to find one id, 44 % of the inbox decisions'
     * CPU in a bulk drop. Inside COALESCE (the column is NOT NULL) the condition is left out of the index choice, and
     * both databases use the primary key. The same is done for the other claims by id (quarantine, outbox).
     */
    static final String CLAIM = "UPDATE inbound_files SET status = 'PAIRING' WHERE id = :id"
            + " AND COALESCE(status, '') = 'WAITING'";

    /**
     * Takes a waiting file for this transaction. The conditional update is the claim: of two transactions (or two
     * instances) racing for the same file, exactly one sees one updated row.
     */
    boolean claim(long id) {
        return jdbc.sql(CLAIM)
                .param("id", id)
                .update() == 1;
    }

    /** A waiting file of that type whose pair key or document number is {@code key}, claimed for this transaction. */
    Optional<InboundFile> claimWaitingPartner(InboundFileType type, String key, String altKey) {
        // Only the key columns in the WHERE, so each branch is an index lookup whatever the planner's statistics; a
        // key has a handful of rows, so status and type are checked here. (With an OR across both columns, or with
        // the status condition, the databases read every waiting row of the type, for every loose file.)
        List<InboundFile> candidates = jdbc.sql("SELECT " + COLUMNS + ", status FROM inbound_files"
                        + " WHERE pair_key IN (:key, :alt)"
                        + " UNION SELECT " + COLUMNS + ", status FROM inbound_files"
                        + " WHERE alt_pair_key IN (:key, :alt)"
                        + " ORDER BY received_at, id")
                .param("key", key)
                .param("alt", altKey == null ? key : altKey)
                .query((rs, n) -> "WAITING".equals(rs.getString("status"))
                        && type.name().equals(rs.getString("file_type")) ? MAPPER.mapRow(rs, n) : null)
                .list().stream().filter(Objects::nonNull).toList();
        return candidates.stream().filter(candidate -> claim(candidate.id())).findFirst();
    }

    /**
     * Waiting XMLs whose PDF is waiting too: two files that arrived together and missed each other. A bulk drop of
     * 100,000 invoices leaves tens of thousands of each waiting for a while, and the sweep runs every few seconds:
     * each check is one equality on {@code pair_key} (an index lookup), the limit is applied by the database. (In that
     * run, bench/ingest-notify.sh, thread dumps showed the sweep busy in this EXISTS with {@code IN (x.pair_key,
     * x.alt_pair_key)}; on a fresh table H2 plans that IN as two lookups too, so which plan it had then is unknown.)
     * It was the plan of each EXISTS: with the status and type as plain equalities H2 walked every waiting PDF of
     * {@code ix_inbound_files_status} for each waiting XML (the sweep busy a core, 330 s of CPU in the first 8 minutes
     * of a 100,000-invoice drop); inside COALESCE (see {@link #CLAIM}) only the pair key is looked up.
     */
    static final String WAITING_XML_WITH_WAITING_PDF = "SELECT " + COLUMNS + " FROM inbound_files x"
            + " WHERE x.status = 'WAITING' AND x.file_type = 'XML'"
            + " AND (EXISTS (SELECT 1 FROM inbound_files p WHERE p.pair_key = x.pair_key"
            + "              AND COALESCE(p.status, '') = 'WAITING' AND COALESCE(p.file_type, '') = 'PDF')"
            + "   OR EXISTS (SELECT 1 FROM inbound_files q WHERE q.pair_key = x.alt_pair_key"
            + "              AND COALESCE(q.status, '') = 'WAITING' AND COALESCE(q.file_type, '') = 'PDF'))"
            + " ORDER BY x.received_at, x.id LIMIT :limit";

    List<InboundFile> findWaitingXmlWithWaitingPdf(int limit) {
        return jdbc.sql(WAITING_XML_WITH_WAITING_PDF)
                .param("limit", limit)
                .query(MAPPER)
                .list();
    }

    List<InboundFile> findWaitingReceivedBefore(OffsetDateTime cutoff, int limit) {
        // Ordered by status too (one status: the same order) so that H2 sees the order of ix_inbound_files_waiting and
        // stops at the limit.
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbound_files WHERE status = 'WAITING' AND received_at <= :cutoff"
                        + " ORDER BY status, received_at, id LIMIT :limit")
                .param("cutoff", cutoff)
                .param("limit", limit)
                .query(MAPPER)
                .list();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
