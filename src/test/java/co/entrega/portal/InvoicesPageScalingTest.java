package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.FolderDocumentStore;
import co.entrega.support.EntregaJdbcTest;
import co.entrega.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The invoices page shows a customer's newest 20 invoices: it must read those 20 from the customer's date index, not
 * every invoice the customer has, then sort them. On H2 it read and sorted all of them (H2 ignored the index's order
 * for an ORDER BY that did not start with the index's first column), 13 % of the page's CPU in bench/portal-wrk.sh
 * with 100 invoices a customer, and growing with the customer's history.
 */
@EntregaJdbcTest // the page's queries alone: no portal is served, the test calls them itself
@Import({CustomerDocuments.class, InvoicesPageScalingTest.Fixtures.class})
@DirtiesContext
class InvoicesPageScalingTest {

    /** What {@link PortalFixture} writes with, built as the service builds them (storage and provisioning). */
    static class Fixtures {

        @Bean
        DocumentStore documentStore(@Value("${entrega.data-dir}") Path dataDir) throws IOException {
            return new FolderDocumentStore(dataDir.resolve("documents"));
        }

        @Bean
        PasswordEncoder passwordEncoder() {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }
    }

    static final int INVOICES = 400;
    static final LocalDate NEWEST = LocalDate.of(2026, 11, 30);

    @Autowired
    CustomerDocuments documents;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    DocumentStore store;
    @Autowired
    PasswordEncoder encoder;

    /** {@link #INVOICES} invoices of a new customer, two a day back from {@link #NEWEST}, then ANALYZE. */
    private PortalFixture.Customer seed(String nit, String prefix) {
        PortalFixture.Customer customer = new PortalFixture(jdbc, store, encoder).customer(nit, "Clave-Larga-1");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < INVOICES; i++) {
            String cufe = String.format(Locale.ROOT, "%s%094d", prefix, i);
            // Two invoices a day, inserted oldest day first, so neither id nor insertion order gives the page's order.
            rows.add(new Object[] {cufe, prefix + i, prefix.toLowerCase(Locale.ROOT) + i,
                    Date.valueOf(NEWEST.minusDays((INVOICES - 1 - i) / 2)), customer.customerId(), nit,
                    cufe.substring(32), now, now});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO invoices (cufe, kind, type_code, number, number_key, issue_date, supplier_nit, supplier_name,
                    customer_id, customer_nit, customer_name, payable_amount, currency, fingerprint, xml_document_id,
                    xml_is_attached_document, pdf_document_id, pdf_missing, status, registered_at, notified_at)
                VALUES (?, 'INVOICE', '01', ?, ?, ?, '900123456', 'Intertec S.A.S.', ?, ?, 'Cliente',
                    119000.00, 'COP', ?, 'x', FALSE, 'p', FALSE, 'REGISTERED', ?, ?)""", rows);
        jdbcTemplate.execute("ANALYZE"); // a running database has statistics: H2 then chose the plain date index
        return customer;
    }

    @Test
    void theNewestPageReadsItsOwnRowsFromTheDateIndexWithoutSortingTheCustomersHistory() {
        PortalFixture.Customer customer = seed("901300400", "PS");
        List<CustomerDocument> page = documents.page(customer.customerId(), null, null, 0, InvoicePages.PAGE_SIZE);
        assertThat(page).extracting(CustomerDocument::number)
                .as("the newest first, the later id first within a day")
                .startsWith("PS399", "PS398", "PS397", "PS396").hasSize(InvoicePages.PAGE_SIZE);
        assertThat(page.get(InvoicePages.PAGE_SIZE - 1).issueDate()).isEqualTo(NEWEST.minusDays(9));

        if (TestDatabases.isPostgres()) {
            String plan = String.join("\n", explain("EXPLAIN ", customer.customerId()));
            assertThat(plan).as("PostgreSQL's plan").contains("ix_invoices_customer_date_id").doesNotContain("Sort");
        } else {
            String plan = String.join("\n", explain("EXPLAIN ANALYZE ", customer.customerId()));
            assertThat(plan).as("H2's plan").contains("index sorted");
            long read = Pattern.compile("/\\* PUBLIC.IX_INVOICES[^*]*\\*/\\s*/\\* scanCount: (\\d+)").matcher(plan)
                    .results().mapToLong(match -> Long.parseLong(match.group(1))).sum();
            // with the plain date index it read all 400 and sorted them
            assertThat(read).as("invoice rows H2 read:%n%s", plan).isBetween(1L, InvoicePages.PAGE_SIZE + 5L);
        }
    }

    @Test
    void bothCountsComeFromOnePassTheRangeOnlyNarrowingTheTotal() {
        PortalFixture.Customer customer = seed("901300401", "PC");
        PortalFixture.Customer other = seed("901300402", "PO");
        jdbcTemplate.update("""
                INSERT INTO document_downloads (invoice_id, customer_id, account_id, document, remote_address, downloaded_at)
                SELECT i.id, i.customer_id, a.id, 'PDF', '127.0.0.1', CURRENT_TIMESTAMP FROM invoices i
                JOIN portal_accounts a ON a.customer_id = i.customer_id
                WHERE i.customer_id IN (?, ?) AND i.issue_date >= ?""", customer.customerId(), other.customerId(),
                NEWEST.minusDays(2)); // the newest 3 days, 6 invoices each, downloaded

        assertThat(documents.counts(customer.customerId(), null, null))
                .isEqualTo(new CustomerDocuments.Counts(INVOICES, INVOICES - 6));
        assertThat(documents.counts(customer.customerId(), NEWEST.minusDays(9), NEWEST.minusDays(5)))
                .as("five days of two invoices; pending counts every day")
                .isEqualTo(new CustomerDocuments.Counts(10, INVOICES - 6));
        assertThat(documents.counts(customer.customerId(), LocalDate.of(2001, 1, 1), LocalDate.of(2001, 12, 31)))
                .isEqualTo(new CustomerDocuments.Counts(0, INVOICES - 6));
        long newCustomer = new PortalFixture(jdbc, store, encoder).customer("901300403", "Clave-Larga-1").customerId();
        assertThat(documents.counts(newCustomer, null, null)).isEqualTo(new CustomerDocuments.Counts(0, 0));
    }

    private List<String> explain(String explain, long customerId) {
        return jdbc.sql(explain + CustomerDocuments.PAGE).param("c", customerId)
                .param("from", LocalDate.of(1900, 1, 1)).param("to", LocalDate.of(9999, 12, 31))
                .param("limit", InvoicePages.PAGE_SIZE).param("offset", 0).query(String.class).list();
    }
}
