package co.entrega.notification;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the invoice email shows and attaches, read from the registered invoice. */
record InvoiceMailData(long id, String kind, String typeCode, String number, LocalDate issueDate,
                       BigDecimal amount, String currency, String supplierNit, String supplierName,
                       String customerName, String xmlDocumentId, String pdfDocumentId, String pairKey,
                       String sourceFileName) {

    @Repository
    static class Reader {
        private final JdbcClient jdbc;

        Reader(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        InvoiceMailData read(long invoiceId) {
            return jdbc.sql("""
                    SELECT i.id, i.kind, i.type_code, i.number, i.issue_date, i.payable_amount, i.currency,
                           i.supplier_nit, i.supplier_name, COALESCE(c.name, i.customer_name) AS customer_name,
                           i.xml_document_id, i.pdf_document_id, i.pair_key, f.original_name
                    FROM invoices i JOIN customers c ON c.id = i.customer_id
                    LEFT JOIN inbound_files f ON f.id = i.source_file_id
                    WHERE i.id = :id""")
                    .param("id", invoiceId)
                    .query((rs, n) -> new InvoiceMailData(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getObject(5, LocalDate.class), rs.getBigDecimal(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                            rs.getString(13), rs.getString(14)))
                    .single();
        }

        String customerName(long customerId) {
            return jdbc.sql("SELECT COALESCE(name, nit) FROM customers WHERE id = :id").param("id", customerId)
                    .query(String.class).single();
        }

        String username(long accountId) {
            return jdbc.sql("SELECT username FROM portal_accounts WHERE id = :id").param("id", accountId)
                    .query(String.class).single();
        }
    }
}
