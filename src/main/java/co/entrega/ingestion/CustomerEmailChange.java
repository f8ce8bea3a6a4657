package co.entrega.ingestion;

import java.util.List;

import co.entrega.customers.CustomerRepository;
import co.entrega.customers.EmailAddresses;
import co.entrega.customers.EmailSource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An operator sets a customer's email on record (like the customer master would): the address is checked, it wins
 * over any other source, and the customer's invoices waiting "sin correo" are released to be notified.
 */
@Service
public class CustomerEmailChange {

    private final CustomerRepository customers;
    private final InvoiceRepository invoices;
    private final ApplicationEventPublisher events;

    CustomerEmailChange(CustomerRepository customers, InvoiceRepository invoices, ApplicationEventPublisher events) {
        this.customers = customers;
        this.invoices = invoices;
        this.events = events;
    }

    /** The outcome: the addresses now on record and how many invoices were released. */
    public record Changed(String email, int released) {
    }

    /** @throws IllegalArgumentException with a Spanish message when the text holds no valid address or a bad one */
    @Transactional
    public Changed change(long customerId, String raw) {
        List<String> invalid = EmailAddresses.invalid(raw);
        List<String> addresses = EmailAddresses.parse(raw);
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("Dirección de correo no válida: " + String.join(", ", invalid));
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("Escriba al menos una dirección de correo");
        }
        String email = EmailAddresses.join(addresses);
        customers.setEmail(customerId, email, EmailSource.OPERATOR);
        int released = invoices.releaseSinCorreo(customerId);
        if (released > 0) {
            events.publishEvent(new InvoicesReady(released));
        }
        return new Changed(email, released);
    }
}
