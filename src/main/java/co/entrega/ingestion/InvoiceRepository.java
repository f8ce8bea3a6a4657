package co.entrega.ingestion;

import java.time.OffsetDateTime;
import java.util.Optional;

import co.entrega.customers.Nit;
import co.entrega.customers.EmailAddresses;
import co.entrega.customers.Customer;
import co.entrega.ingestion.ubl.UblDocument;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class InvoiceRepository {

    private static final String COLUMNS = "id, number, fingerprint, pdf_missing, registered_at";
    private static final RowMapper<RegisteredInvoice> MAPPER = (rs, n) -> new RegisteredInvoice(rs.getLong("id"),
            rs.getString("number"), rs.getString("fingerprint"), rs.getBoolean("pdf_missing"),
            rs.getObject("registered_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    InvoiceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RegisteredInvoice> findByCufe(String cufe) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invoices WHERE cufe = :cufe")
                .param("cufe", cufe)
                .query(MAPPER)
                .optional();
    }

    /** An invoice registered without PDF whose XML had this base name, or whose number is this. */
    Optional<RegisteredInvoice> findWithoutPdf(String key) {
        // Two indexed lookups rather than one OR, which no index serves.
        Optional<RegisteredInvoice> byName = jdbc.sql("SELECT " + COLUMNS + " FROM invoices"
                        + " WHERE pdf_missing = TRUE AND pair_key = :key ORDER BY id")
                .param("key", key).query(MAPPER).list().stream().findFirst();
        return byName.isPresent() ? byName : jdbc.sql("SELECT " + COLUMNS + " FROM invoices"
                        + " WHERE pdf_missing = TRUE AND number_key = :key ORDER BY id")
                .param("key", key).query(MAPPER).list().stream().findFirst();
    }

    long insert(UblDocument doc, Customer customer, RegistrationSource source, InvoiceStatus status) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO invoices (cufe, cufe_scheme, kind, type_code, number, issue_date, issue_time,
                    supplier_nit, supplier_name, customer_id, customer_nit, customer_name, ubl_emails,
                    payable_amount, currency, referenced_number, referenced_cufe, fingerprint,
                    xml_document_id, xml_is_attached_document, pdf_document_id, pdf_missing, pair_key,
                    status, source_file_id, registered_at, number_key)
                VALUES (:cufe, :scheme, :kind, :typeCode, :number, :issueDate, :issueTime,
                    :supplierNit, :supplierName, :customerId, :customerNit, :customerName, :ublEmails,
                    :amount, :currency, :refNumber, :refCufe, :fingerprint,
                    :xmlId, :attached, :pdfId, :pdfMissing, :pairKey,
                    :status, :sourceFileId, :now, :numberKey)""")
                .param("cufe", doc.cufe())
                .param("scheme", InboundFileRepository.truncate(doc.cufeScheme(), 40))
                .param("kind", doc.kind().name())
                .param("typeCode", doc.typeCode())
                .param("number", doc.number())
                .param("numberKey", PairKeys.ofNumber(doc.number()))
                .param("issueDate", doc.issueDate())
                .param("issueTime", doc.issueTime())
                .param("supplierNit", Nit.parse(doc.supplier().nit(), null).number())
                .param("supplierName", InboundFileRepository.truncate(doc.supplier().displayName(), 512))
                .param("customerId", customer.id())
                .param("customerNit", customer.nit())
                .param("customerName", InboundFileRepository.truncate(doc.customer().displayName(), 512))
                .param("ublEmails", InboundFileRepository.truncate(EmailAddresses.join(doc.customerEmails()), 1000))
                .param("amount", doc.payableAmount())
                .param("currency", doc.currency())
                .param("refNumber", doc.referencedNumber())
                .param("refCufe", doc.referencedCufe())
                .param("fingerprint", doc.fingerprint())
                .param("xmlId", source.xmlDocumentId())
                .param("attached", doc.fromAttachedDocument())
                .param("pdfId", source.pdfDocumentId())
                .param("pdfMissing", source.pdfDocumentId() == null)
                .param("pairKey", InboundFileRepository.truncate(source.pairKey(), 512))
                .param("status", status.name())
                .param("sourceFileId", source.inboundFileId())
                .param("now", InboundFileRepository.now())
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    void attachPdf(long invoiceId, String pdfDocumentId) {
        jdbc.sql("UPDATE invoices SET pdf_document_id = :pdf, pdf_missing = FALSE WHERE id = :id AND pdf_missing = TRUE")
                .param("pdf", pdfDocumentId)
                .param("id", invoiceId)
                .update();
    }

    /** The customer now has an email: its invoices that were waiting "sin correo" can be notified. */
    int releaseSinCorreo(long customerId) {
        return jdbc.sql("UPDATE invoices SET status = :registered WHERE customer_id = :id AND status = :waiting")
                .param("registered", InvoiceStatus.REGISTERED.name())
                .param("waiting", InvoiceStatus.SIN_CORREO.name())
                .param("id", customerId)
                .update();
    }
}
