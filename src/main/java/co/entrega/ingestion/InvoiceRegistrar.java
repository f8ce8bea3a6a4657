package co.entrega.ingestion;

import java.util.Optional;

import co.entrega.customers.Nit;
import co.entrega.customers.EmailAddresses;
import co.entrega.customers.Customer;
import co.entrega.customers.CustomerRepository;
import co.entrega.customers.EmailSource;
import co.entrega.ingestion.ubl.UblDocument;

import org.springframework.stereotype.Component;

/**
 * Registers a parsed document under its CUFE/CUDE, the document's identity: a new CUFE is a new invoice; the same
 * CUFE with the same business content is a duplicate and changes nothing (except supplying a PDF that was missing);
 * the same CUFE with other content is a conflict and is never overwritten.
 */
@Component
class InvoiceRegistrar {

    private final InvoiceRepository invoices;
    private final CustomerRepository customers;

    InvoiceRegistrar(InvoiceRepository invoices, CustomerRepository customers) {
        this.invoices = invoices;
        this.customers = customers;
    }

    sealed interface Result {
        record Registered(long invoiceId, String detail) implements Result {
        }

        record Duplicate(long invoiceId, String detail) implements Result {
        }

        record Conflict(String reason) implements Result {
        }
    }

    Result register(UblDocument doc, RegistrationSource source) {
        Optional<RegisteredInvoice> existing = invoices.findByCufe(doc.cufe());
        if (existing.isPresent()) {
            return sameCufeAgain(doc, source, existing.get());
        }
        Customer customer = customerFor(doc);
        InvoiceStatus status = customer.hasEmail() ? InvoiceStatus.REGISTERED : InvoiceStatus.SIN_CORREO;
        long id = invoices.insert(doc, customer, source, status);
        StringBuilder detail = new StringBuilder("Registrada: ").append(describe(doc));
        if (source.pdfDocumentId() == null) {
            detail.append("; sin PDF");
        }
        if (!customer.hasEmail()) {
            detail.append("; sin correo: el adquiriente NIT ").append(customer.nit())
                    .append(" no tiene correo en el maestro de clientes ni en el XML");
        }
        return new Result.Registered(id, detail.toString());
    }

    /** Status of a document that is a duplicate or a conflict, without registering anything (no new customer). */
    Optional<Result> checkKnown(UblDocument doc, RegistrationSource source) {
        return invoices.findByCufe(doc.cufe()).map(existing -> sameCufeAgain(doc, source, existing));
    }

    private Result sameCufeAgain(UblDocument doc, RegistrationSource source, RegisteredInvoice existing) {
        if (!existing.fingerprint().equals(doc.fingerprint())) {
            return new Result.Conflict("Conflicto: el CUFE/CUDE " + doc.cufe() + " ya está registrado para el documento "
                    + existing.number() + " con contenido diferente; no se sobrescribe. Revise con el emisor cuál es el correcto.");
        }
        String detail = "Duplicado del documento " + existing.number() + " ya registrado";
        if (existing.pdfMissing() && source.pdfDocumentId() != null) {
            invoices.attachPdf(existing.id(), source.pdfDocumentId());
            detail += "; se agregó el PDF que le faltaba";
        }
        return new Result.Duplicate(existing.id(), detail);
    }

    /**
     * The customer named by the document. Email on record: the customer master's; for a customer without one, the
     * email the invoice carries; with neither, none (the invoice waits "sin correo").
     */
    private Customer customerFor(UblDocument doc) {
        Nit nit = Nit.parse(doc.customer().nit(), doc.customer().checkDigit());
        String ublEmail = EmailAddresses.join(doc.customerEmails());
        String name = doc.customer().displayName();
        Optional<Customer> known = customers.findByNit(nit.number());
        if (known.isEmpty()) {
            return customers.insert(nit, name, ublEmail, EmailSource.UBL);
        }
        Customer customer = known.get();
        if (customer.name() == null && name != null) {
            customers.fillMissingName(customer.id(), name);
        }
        if (!customer.hasEmail() && ublEmail != null) {
            customers.setEmailFromInvoice(customer.id(), ublEmail);
            return new Customer(customer.id(), customer.nit(), customer.name(), ublEmail, EmailSource.UBL);
        }
        return customer;
    }

    static String describe(UblDocument doc) {
        String kind = switch (doc.kind()) {
            case INVOICE -> "factura";
            case CREDIT_NOTE -> "nota crédito";
            case DEBIT_NOTE -> "nota débito";
        };
        return kind + " " + doc.number() + " del " + doc.issueDate();
    }
}
