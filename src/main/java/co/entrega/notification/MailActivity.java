package co.entrega.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * How the outbox is doing right now, for the operators' dashboard: emails queued and how many went out lately. Every
 * query reads an index range ({@code ix_mail_outbox_due}, or the last hours' {@code sent_at}, V14).
 */
@Service
public class MailActivity {

    /**
     * One row per bucket of {@code %d} seconds comes back, computed by the database over an index range; public for
     * the dashboard's scaling test, which reads its plan.
     */
    public static final String SENT_PER_BUCKET = "SELECT b, COUNT(*) AS n"
            + " FROM (SELECT FLOOR(EXTRACT(EPOCH FROM sent_at) / %d) AS b"
            + " FROM mail_outbox WHERE sent_at >= :from) t GROUP BY b";

    private final JdbcClient jdbc;

    MailActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Emails waiting to be sent or being sent (a retry waiting out its delay included). */
    public long queued() {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status IN (:queued)")
                .param("queued", List.of(OutboxStatus.PENDING.name(), OutboxStatus.SENDING.name()))
                .query(Long.class).single();
    }

    public long sentSince(Instant from) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE sent_at >= :from")
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Emails sent since {@code from}, per {@code bucket} aligned on the epoch; buckets with none are absent. */
    public SortedMap<Instant, Long> sentPer(Duration bucket, Instant from) {
        long seconds = bucket.toSeconds();
        SortedMap<Instant, Long> counts = new TreeMap<>();
        jdbc.sql(SENT_PER_BUCKET.formatted(seconds))
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .query((rs, n) -> counts.put(Instant.ofEpochSecond(rs.getLong("b") * seconds), rs.getLong("n")))
                .list();
        return counts;
    }

    /** Emails in this status, queued since {@code from} (ever, if null). */
    public long created(OutboxStatus status, Instant from) {
        var count = jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status = :status"
                        + (from == null ? "" : " AND created_at >= :from"))
                .param("status", status.name());
        if (from != null) {
            count.param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        return count.query(Long.class).single();
    }
}
