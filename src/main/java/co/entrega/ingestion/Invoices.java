package co.entrega.ingestion;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import co.entrega.ingestion.ubl.DocumentKind;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The registered invoices, as the other features see them: what the notify job pages through and marks, what the
 * console counts and lists.
 */
@Service
public class Invoices {

    /** The notify job's reader pages through these (by {@link #DUE_SORT_KEY}): registered, not yet notified. */
    public static final String DUE_SELECT = "SELECT id, customer_id, customer_nit";
    public static final String DUE_FROM = "FROM invoices";
    public static final String DUE_WHERE = "status = '" + InvoiceStatus.REGISTERED.name() + "' AND notified_at IS NULL";
    public static final String DUE_SORT_KEY = "id";
    public static final RowMapper<Due> DUE_ROWS = (rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3));

    /** An invoice due to be notified, and whose it is. */
    public record Due(long invoiceId, long customerId, String customerNit) {
    }

    /** What an invoice email shows and attaches. {@code customerName} is the name the UBL gave. */
    public record ForMail(long id, long customerId, String kind, String typeCode, String number, LocalDate issueDate,
                          BigDecimal amount, String currency, String supplierNit, String supplierName,
                          String customerName, String xmlDocumentId, String pdfDocumentId, String pairKey,
                          String sourceFileName) {
    }

    private final JdbcClient jdbc;

    Invoices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks the invoice notified (its emails are queued); a second call changes nothing. */
    public void markNotified(long invoiceId) {
        jdbc.sql("UPDATE invoices SET notified_at = :now WHERE id = :id AND notified_at IS NULL")
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .param("id", invoiceId)
                .update();
    }

    public ForMail forMail(long invoiceId) {
        return jdbc.sql("""
                SELECT i.id, i.customer_id, i.kind, i.type_code, i.number, i.issue_date, i.payable_amount, i.currency,
                       i.supplier_nit, i.supplier_name, i.customer_name, i.xml_document_id, i.pdf_document_id,
                       i.pair_key, f.original_name
                FROM invoices i LEFT JOIN inbound_files f ON f.id = i.source_file_id
                WHERE i.id = :id""")
                .param("id", invoiceId)
                .query((rs, n) -> new ForMail(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, LocalDate.class), rs.getBigDecimal(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14), rs.getString(15)))
                .single();
    }

    /**
     * Why an operator should look at a document whose XML is the bare Invoice, CreditNote or DebitNote: DIAN asks the
     * issuer to deliver the AttachedDocument (the container with DIAN's validation). It is still emailed.
     */
    public static final String WITHOUT_ATTACHED_DOCUMENT =
            "El ERP envió la factura sin AttachedDocument, el contenedor que DIAN pide entregar";

    /**
     * An invoice as the console lists it among its customer's. {@code attachedDocument}: its XML is DIAN's
     * AttachedDocument (else the bare document, see {@link #WITHOUT_ATTACHED_DOCUMENT}).
     */
    public record OfCustomer(long id, String number, String kind, LocalDate issueDate, BigDecimal amount,
                             String currency, InvoiceStatus status, OffsetDateTime notifiedAt,
                             boolean attachedDocument) {

        /** What is wrong with what the ERP sent for delivery, or null. */
        public String deliveryWarning() {
            return attachedDocument ? null : WITHOUT_ATTACHED_DOCUMENT;
        }
    }

    /**
     * Which document an invoice is, as its proof of delivery names it: number, CUFE (CUDE for a note), kind, date, the
     * buyer as the document names it, and whether its XML is the AttachedDocument.
     */
    public record Identity(long id, String number, String cufe, String kind, LocalDate issueDate, String buyerNit,
                           String buyerName, boolean attachedDocument) {

        /** What is wrong with what the ERP sent for delivery, or null. */
        public String deliveryWarning() {
            return attachedDocument ? null : WITHOUT_ATTACHED_DOCUMENT;
        }
    }

    /** The identity of each of these invoices (unknown ids are absent). */
    public Map<Long, Identity> identities(Collection<Long> invoiceIds) {
        Map<Long, Identity> identities = new HashMap<>();
        if (!invoiceIds.isEmpty()) {
            jdbc.sql("""
                            SELECT id, number, cufe, kind, issue_date, customer_nit, customer_name, xml_is_attached_document
                            FROM invoices WHERE id IN (:ids)""")
                    .param("ids", invoiceIds)
                    .query(rs -> {
                        identities.put(rs.getLong(1), new Identity(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7),
                                rs.getBoolean(8)));
                    });
        }
        return identities;
    }

    /** How many invoices a customer has, and how many of them wait for an email. */
    public record CustomerCounts(long documents, long waitingForEmail) {
        public static final CustomerCounts NONE = new CustomerCounts(0, 0);
    }

    /** Invoices registered since {@code from} (ever, if null). */
    public long registered(Instant from) {
        return from == null ? jdbc.sql("SELECT COUNT(*) FROM invoices").query(Long.class).single()
                : jdbc.sql("SELECT COUNT(*) FROM invoices WHERE registered_at >= :from")
                        .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Invoices waiting for their customer's email (SIN_CORREO). */
    public long waitingForEmail() {
        return jdbc.sql("SELECT COUNT(*) FROM invoices WHERE status = :waiting")
                .param("waiting", InvoiceStatus.SIN_CORREO.name()).query(Long.class).single();
    }

    /** The customers with invoices waiting for an email. */
    public List<Long> customersWaitingForEmail() {
        return jdbc.sql("SELECT DISTINCT customer_id FROM invoices WHERE status = :waiting")
                .param("waiting", InvoiceStatus.SIN_CORREO.name()).query(Long.class).list();
    }

    /** The customer's latest invoices, newest first (by issue date). */
    public List<OfCustomer> ofCustomer(long customerId, int limit) {
        return jdbc.sql("""
                        SELECT id, number, kind, issue_date, payable_amount, currency, status, notified_at,
                               xml_is_attached_document
                        FROM invoices WHERE customer_id = :id
                        ORDER BY customer_id, issue_date DESC, id DESC LIMIT :limit""")
                .param("id", customerId)
                .param("limit", limit)
                .query((rs, n) -> new OfCustomer(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getBigDecimal(5), rs.getString(6),
                        InvoiceStatus.valueOf(rs.getString(7)), rs.getObject(8, OffsetDateTime.class),
                        rs.getBoolean(9)))
                .list();
    }

    /**
     * A registered document as a buyer's event refers to it: by its CUFE, with whose it is.
     *
     * @param kind        INVOICE, CREDIT_NOTE or DEBIT_NOTE
     * @param supplierNit the issuer's NIT, without check digit
     * @param customerNit the buyer's NIT (or other id), without check digit, as the customer is on record
     * @param customerName the buyer's name as the UBL gave it, or null
     */
    public record Summary(long id, String number, String cufe, String kind, LocalDate issueDate, String supplierNit,
                          String customerNit, String customerName) {

        /** An invoice, not a credit or debit note. */
        public boolean isInvoice() {
            return DocumentKind.INVOICE.name().equals(kind);
        }
    }

    private static final String SUMMARY = "SELECT id, number, cufe, kind, issue_date, supplier_nit, customer_nit,"
            + " customer_name FROM invoices";
    private static final RowMapper<Summary> SUMMARY_ROWS = (rs, n) -> new Summary(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7),
            rs.getString(8));

    /** The document with this CUFE/CUDE (as stored: lower case when hexadecimal), if registered. */
    public Optional<Summary> byCufe(String cufe) {
        return jdbc.sql(SUMMARY + " WHERE cufe = :cufe").param("cufe", cufe).query(SUMMARY_ROWS).optional();
    }

    /** Each of these documents (unknown ids are absent). */
    public Map<Long, Summary> summaries(Collection<Long> invoiceIds) {
        Map<Long, Summary> found = new HashMap<>();
        List<Long> ids = List.copyOf(invoiceIds);
        // A bounded IN list per statement, whatever the caller hands in.
        for (int from = 0; from < ids.size(); from += 500) {
            jdbc.sql(SUMMARY + " WHERE id IN (:ids)").param("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .query(SUMMARY_ROWS).list().forEach(summary -> found.put(summary.id(), summary));
        }
        return found;
    }

    /** The number of each of these invoices. */
    public Map<Long, String> numbers(Collection<Long> invoiceIds) {
        Map<Long, String> numbers = new HashMap<>();
        if (!invoiceIds.isEmpty()) {
            jdbc.sql("SELECT id, number FROM invoices WHERE id IN (:ids)").param("ids", invoiceIds)
                    .query(rs -> {
                        numbers.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return numbers;
    }

    /** Each of these customers' invoice counts (customers without invoices are absent). */
    public Map<Long, CustomerCounts> countsOf(Collection<Long> customerIds) {
        Map<Long, CustomerCounts> counts = new HashMap<>();
        if (!customerIds.isEmpty()) {
            jdbc.sql("""
                            SELECT customer_id, COUNT(*), SUM(CASE WHEN status = :waiting THEN 1 ELSE 0 END)
                            FROM invoices WHERE customer_id IN (:ids) GROUP BY customer_id""")
                    .param("waiting", InvoiceStatus.SIN_CORREO.name())
                    .param("ids", customerIds)
                    .query(rs -> {
                        counts.put(rs.getLong(1), new CustomerCounts(rs.getLong(2), rs.getLong(3)));
                    });
        }
        return counts;
    }
}
