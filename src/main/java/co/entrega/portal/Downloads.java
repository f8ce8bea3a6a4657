package co.entrega.portal;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the operators' console reads of the downloads log. */
@Service
public class Downloads {

    /** One download: when, which document of which invoice ({@code PDF}, {@code XML}, {@code PENDING_ZIP}), from where. */
    public record Download(OffsetDateTime downloadedAt, String document, String remoteAddress, long invoiceId) {
    }

    private final JdbcClient jdbc;

    Downloads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Invoices downloaded at least once. */
    public long invoicesDownloaded() {
        return jdbc.sql("SELECT COUNT(DISTINCT invoice_id) FROM document_downloads").query(Long.class).single();
    }

    /** How often each of these invoices was downloaded (never: absent). */
    public Map<Long, Long> countsOf(Collection<Long> invoiceIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (!invoiceIds.isEmpty()) {
            jdbc.sql("SELECT invoice_id, COUNT(*) FROM document_downloads WHERE invoice_id IN (:ids) GROUP BY invoice_id")
                    .param("ids", invoiceIds)
                    .query(rs -> {
                        counts.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return counts;
    }

    /** The customer's latest downloads, newest first. */
    public List<Download> ofCustomer(long customerId, int limit) {
        return jdbc.sql("""
                        SELECT downloaded_at, document, remote_address, invoice_id FROM document_downloads
                        WHERE customer_id = :c ORDER BY id DESC LIMIT :limit""")
                .param("c", customerId)
                .param("limit", limit)
                .query((rs, n) -> new Download(rs.getObject(1, OffsetDateTime.class), rs.getString(2),
                        rs.getString(3), rs.getLong(4)))
                .list();
    }
}
