package co.entrega.portal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A customer's documents. Every query is scoped by the logged-in customer's id, so another customer's document is
 * simply not found.
 */
@Repository
class CustomerDocuments {

    private static final String COLUMNS = """
            i.id, i.number, i.kind, i.issue_date, i.payable_amount, i.currency, i.xml_document_id, i.pdf_document_id,
            CASE WHEN EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id) THEN TRUE ELSE FALSE END
                AS downloaded""";
    private static final RowMapper<CustomerDocument> MAPPER = (rs, n) -> new CustomerDocument(rs.getLong("id"),
            rs.getString("number"), rs.getString("kind"), rs.getObject("issue_date", LocalDate.class),
            rs.getBigDecimal("payable_amount"), rs.getString("currency"), rs.getString("xml_document_id"),
            rs.getString("pdf_document_id"), rs.getBoolean("downloaded"));

    private final JdbcClient jdbc;

    CustomerDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CustomerDocument> find(long customerId, long invoiceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoices i WHERE i.id = :id AND i.customer_id = :c")
                .param("id", invoiceId)
                .param("c", customerId)
                .query(MAPPER)
                .optional();
    }

    /**
     * Newest first. The order names {@code customer_id} though it is fixed: H2 reads an index in its order, and stops
     * at the page's last row, only when the ORDER BY starts with the index's first column; otherwise it reads and
     * sorts every invoice of the customer (PostgreSQL plans both forms alike).
     */
    static final String PAGE = "SELECT " + COLUMNS + " FROM invoices i WHERE i.customer_id = :c"
            + " AND i.issue_date >= :from AND i.issue_date <= :to"
            + " ORDER BY i.customer_id, i.issue_date DESC, i.id DESC LIMIT :limit OFFSET :offset";

    /** A page of {@link #PAGE}; a null date leaves that end of the range open. */
    List<CustomerDocument> page(long customerId, LocalDate from, LocalDate to, int offset, int limit) {
        return jdbc.sql(PAGE)
                .param("c", customerId)
                .param("from", from == null ? LocalDate.of(1900, 1, 1) : from)
                .param("to", to == null ? LocalDate.of(9999, 12, 31) : to)
                .param("limit", limit)
                .param("offset", offset)
                .query(MAPPER)
                .list();
    }

    /** How many of a customer's documents the date range holds, and how many of all are not yet downloaded. */
    record Counts(long inRange, long pending) {
    }

    /**
     * Both counts of the invoices page in one pass over the customer's invoices (the pending count reads them all
     * anyway): one query and one round trip fewer per page than two counts.
     */
    static final String COUNTS = """
            SELECT COALESCE(SUM(CASE WHEN i.issue_date >= :from AND i.issue_date <= :to THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id)
                                     THEN 1 ELSE 0 END), 0)
            FROM invoices i WHERE i.customer_id = :c""";

    /** {@link #COUNTS}; a null date leaves that end of the range open. */
    Counts counts(long customerId, LocalDate from, LocalDate to) {
        return jdbc.sql(COUNTS)
                .param("c", customerId)
                .param("from", from == null ? LocalDate.of(1900, 1, 1) : from)
                .param("to", to == null ? LocalDate.of(9999, 12, 31) : to)
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** The next documents not yet downloaded, in id order after {@code afterId}: a DESCARGAS PENDIENTES in pages. */
    List<CustomerDocument> pendingAfter(long customerId, long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoices i WHERE i.customer_id = :c AND i.id > :after"
                        + " AND NOT EXISTS (SELECT 1 FROM document_downloads d WHERE d.invoice_id = i.id)"
                        + " ORDER BY i.id LIMIT :limit")
                .param("c", customerId)
                .param("after", afterId)
                .param("limit", limit)
                .query(MAPPER)
                .list();
    }
}
