package co.entrega.operations;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit log: every operator action, appended, never changed. */
@Repository
class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String operator, String action, String targetType, Object targetId, String before, String after,
                String comment, String address) {
        jdbc.sql("""
                INSERT INTO audit_log (operator, action, target_type, target_id, before_value, after_value,
                                       comment_text, remote_address, at)
                VALUES (:operator, :action, :type, :id, :before, :after, :comment, :address, :at)""")
                .param("operator", operator)
                .param("action", action)
                .param("type", targetType)
                .param("id", targetId == null ? null : String.valueOf(targetId))
                .param("before", cut(before, 2000))
                .param("after", cut(after, 2000))
                .param("comment", cut(comment, 1000))
                .param("address", cut(address, 64))
                .param("at", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    /** One operator action, as the console shows it. */
    public record Entry(OffsetDateTime at, String operator, String action, String targetType, String targetId,
                 String beforeValue, String afterValue, String commentText, String remoteAddress) {
    }

    private static final String ENTRY = "SELECT at, operator, action, target_type, target_id, before_value, "
            + "after_value, comment_text, remote_address FROM audit_log";
    private static final RowMapper<Entry> ENTRIES = (rs, n) -> new Entry(rs.getObject(1, OffsetDateTime.class),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            rs.getString(8), rs.getString(9));

    List<Entry> latest(int limit, int offset) {
        return jdbc.sql(ENTRY + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset).query(ENTRIES).list();
    }

    List<Entry> forTarget(String targetType, Object targetId) {
        return jdbc.sql(ENTRY + " WHERE target_type = :t AND target_id = :id ORDER BY id DESC")
                .param("t", targetType).param("id", String.valueOf(targetId)).query(ENTRIES).list();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
