package co.entrega.portal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import co.entrega.storage.DocumentStore;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Customers, accounts and documents written straight to the database and the document store, for portal tests that
 * need many documents or a known password (the ingestion and notification path is covered by the journey tests).
 * Invoices are written as already notified, so the notify job leaves them alone.
 */
final class PortalFixture {

    private final JdbcClient jdbc;
    private final DocumentStore store;
    private final PasswordEncoder encoder;

    PortalFixture(JdbcClient jdbc, DocumentStore store, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.store = store;
        this.encoder = encoder;
    }

    record Customer(long customerId, long accountId, String username) {
    }

    record Document(long id, String number, byte[] pdf, byte[] xml) {
    }

    /** A customer with a portal account whose password is already chosen. */
    Customer customer(String nit, String password) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at) "
                        + "VALUES (:nit, :name, :email, 'MASTER', :now, :now)")
                .param("nit", nit).param("name", "Cliente " + nit).param("email", nit + "@example.co").param("now", now)
                .update();
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = :nit").param("nit", nit).query(Long.class).single();
        jdbc.sql("INSERT INTO portal_accounts (customer_id, username, password_hash, must_change_password, locked, "
                        + "password_changed_at, created_at, updated_at) VALUES (:c, :u, :h, FALSE, FALSE, :now, :now, :now)")
                .param("c", customerId).param("u", nit).param("h", encoder.encode(password)).param("now", now)
                .update();
        long accountId = jdbc.sql("SELECT id FROM portal_accounts WHERE customer_id = :c").param("c", customerId)
                .query(Long.class).single();
        return new Customer(customerId, accountId, nit);
    }

    /** {@code count} documents issued one a day back from {@code lastDate}, each with a PDF of {@code pdfSize} bytes. */
    List<Document> documents(Customer customer, int count, LocalDate lastDate, int pdfSize) throws IOException {
        List<Document> documents = new ArrayList<>();
        java.util.Random random = new java.util.Random(customer.customerId());
        for (int i = 0; i < count; i++) {
            String number = "PT" + customer.customerId() + "-" + (i + 1);
            byte[] pdf = new byte[pdfSize];
            random.nextBytes(pdf);
            byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invoice><ID>" + number + "</ID></Invoice>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String pdfId = store.put(new ByteArrayInputStream(pdf)).id();
            String xmlId = store.put(new ByteArrayInputStream(xml)).id();
            long id = insertInvoice(customer, number, lastDate.minusDays(i), xmlId, pdfId);
            documents.add(new Document(id, number, pdf, xml));
        }
        return documents;
    }

    private long insertInvoice(Customer customer, String number, LocalDate issueDate, String xmlId, String pdfId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String cufe = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("""
                INSERT INTO invoices (cufe, kind, type_code, number, number_key, issue_date, supplier_nit, supplier_name,
                    customer_id, customer_nit, customer_name, payable_amount, currency, fingerprint, xml_document_id,
                    xml_is_attached_document, pdf_document_id, pdf_missing, status, registered_at, notified_at)
                VALUES (:cufe, 'INVOICE', '01', :number, :numberKey, :date, '900123456', 'Intertec S.A.S.', :customer,
                    :nit, :name, :amount, 'COP', :fingerprint, :xml, FALSE, :pdf, FALSE, 'REGISTERED', :now, :now)""")
                .param("cufe", cufe).param("number", number).param("numberKey", number.toLowerCase())
                .param("date", issueDate).param("customer", customer.customerId()).param("nit", customer.username())
                .param("name", "Cliente " + customer.username()).param("amount", new BigDecimal("119000.00"))
                .param("fingerprint", cufe.substring(0, 64)).param("xml", xmlId).param("pdf", pdfId).param("now", now)
                .update();
        return jdbc.sql("SELECT id FROM invoices WHERE cufe = :cufe").param("cufe", cufe).query(Long.class).single();
    }
}
