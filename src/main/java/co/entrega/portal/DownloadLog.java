package co.entrega.portal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Who downloaded what, when, from which address. A document with an entry is "descargado". */
@Repository
class DownloadLog {

    enum Document { PDF, XML, PENDING_ZIP }

    private static final String INSERT = """
            INSERT INTO document_downloads (invoice_id, customer_id, account_id, document, remote_address, downloaded_at)
            VALUES (?, ?, ?, ?, ?, ?)""";
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;

    DownloadLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(PortalUser user, long invoiceId, Document document, String address) {
        recordAll(user, List.of(invoiceId), document, address);
    }

    /** One row per document, written in JDBC batches. */
    void recordAll(PortalUser user, List<Long> invoiceIds, Document document, String address) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String from = address == null || address.length() <= 64 ? address : address.substring(0, 64);
        jdbc.batchUpdate(INSERT, invoiceIds, BATCH, (ps, invoiceId) -> {
            ps.setLong(1, invoiceId);
            ps.setLong(2, user.customerId());
            ps.setLong(3, user.accountId());
            ps.setString(4, document.name());
            ps.setString(5, from);
            ps.setObject(6, now);
        });
    }
}
