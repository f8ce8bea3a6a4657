package co.entrega.notification;

import java.math.BigDecimal;
import java.time.LocalDate;

import co.entrega.customers.Customer;
import co.entrega.customers.CustomerRepository;
import co.entrega.ingestion.Invoices;
import co.entrega.provisioning.Accounts;
import co.entrega.provisioning.PortalAccount;

import org.springframework.stereotype.Component;

/** What the invoice email shows and attaches, read from the registered invoice. */
record InvoiceMailData(long id, String kind, String typeCode, String number, LocalDate issueDate,
                       BigDecimal amount, String currency, String supplierNit, String supplierName,
                       String customerName, String xmlDocumentId, String pdfDocumentId, String pairKey,
                       String sourceFileName) {

    @Component
    static class Reader {
        private final Invoices invoices;
        private final CustomerRepository customers;
        private final Accounts accounts;

        Reader(Invoices invoices, CustomerRepository customers, Accounts accounts) {
            this.invoices = invoices;
            this.customers = customers;
            this.accounts = accounts;
        }

        InvoiceMailData read(long invoiceId) {
            Invoices.ForMail i = invoices.forMail(invoiceId);
            // The name on record (the master's) wins over the one the invoice carried.
            String customerName = customers.findById(i.customerId()).map(Customer::name).orElse(null);
            return new InvoiceMailData(i.id(), i.kind(), i.typeCode(), i.number(), i.issueDate(), i.amount(),
                    i.currency(), i.supplierNit(), i.supplierName(),
                    customerName != null ? customerName : i.customerName(), i.xmlDocumentId(), i.pdfDocumentId(),
                    i.pairKey(), i.sourceFileName());
        }

        String customerName(long customerId) {
            return customers.findById(customerId).orElseThrow().displayName();
        }

        String username(long accountId) {
            return accounts.find(accountId).map(PortalAccount::username).orElseThrow();
        }
    }
}
