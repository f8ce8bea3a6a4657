package co.entrega.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads what ingestion recorded, for assertions: inbound files, invoices, customers, quarantine. */
public final class IngestionLedger {

    public record Inbound(long id, String name, String status, String detail) {
    }

    public record Quarantined(String name, String code, String reason) {
    }

    private final JdbcClient jdbc;

    public IngestionLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Inbound> inbound() {
        return jdbc.sql("SELECT id, original_name, status, detail FROM inbound_files ORDER BY id")
                .query((rs, n) -> new Inbound(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    public Optional<Inbound> inbound(String name) {
        return inbound().stream().filter(f -> f.name().equals(name)).reduce((first, second) -> second);
    }

    public long finalFiles() {
        return jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE status IN ('REGISTERED','DUPLICATE','RECORDED','QUARANTINED')")
                .query(Long.class).single();
    }

    public long countByStatus(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM inbound_files WHERE status = :s").param("s", status)
                .query(Long.class).single();
    }

    public List<Quarantined> quarantine() {
        return jdbc.sql("""
                SELECT f.original_name, q.reason_code, q.reason FROM quarantine q
                JOIN inbound_files f ON f.id = q.inbound_file_id ORDER BY q.id""")
                .query((rs, n) -> new Quarantined(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    public Optional<Quarantined> quarantineOf(String name) {
        return quarantine().stream().filter(q -> q.name().equals(name)).findFirst();
    }

    public long invoices() {
        return jdbc.sql("SELECT COUNT(*) FROM invoices").query(Long.class).single();
    }

    public Map<String, Object> invoice(String number) {
        return jdbc.sql("SELECT * FROM invoices WHERE number = :n").param("n", number).query().singleRow();
    }

    public Map<String, Object> customer(String nit) {
        return jdbc.sql("SELECT * FROM customers WHERE nit = :n").param("n", nit).query().singleRow();
    }

    public long customers() {
        return jdbc.sql("SELECT COUNT(*) FROM customers").query(Long.class).single();
    }
}
