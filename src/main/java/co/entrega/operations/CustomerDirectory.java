package co.entrega.operations;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import co.entrega.customers.Customer;
import co.entrega.customers.CustomerRepository;
import co.entrega.customers.EmailBounce;
import co.entrega.ingestion.Invoices;
import co.entrega.notification.OutboxAdmin;
import co.entrega.portal.Downloads;
import co.entrega.provisioning.AccountState;
import co.entrega.provisioning.Accounts;

/** The console's customers: found by what an operator knows of them, and everything about one of them. */
@Service
class CustomerDirectory {

    private static final int FOUND = 50;
    private static final int SHOWN = 100;

    /** A customer found, with its account (null before its first invoice) and its invoice counts. */
    public record Found(Customer customer, AccountState account, long documents, long waitingForEmail) {
    }

    /** An invoice of the customer, and how often it was downloaded. */
    public record Document(Invoices.OfCustomer invoice, long downloads) {
    }

    /** A download, with the number of the invoice it was of. */
    public record Download(Downloads.Download download, String number) {
    }

    /**
     * One customer, as its page shows it. {@code account} is null before the customer's first invoice; {@code bounce}
     * is null unless an address on record bounced; {@code bounced} counts the customer's BOUNCED emails.
     */
    public record Detail(Customer customer, AccountState account, List<Document> documents, List<Download> downloads,
                  List<OutboxAdmin.Listed> mails, List<AuditLog.Entry> audit, EmailBounce bounce, long bounced) {
    }

    private final CustomerRepository customers;
    private final Accounts accounts;
    private final Invoices invoices;
    private final Downloads downloads;
    private final OutboxAdmin outbox;
    private final AuditLog audit;

    CustomerDirectory(CustomerRepository customers, Accounts accounts, Invoices invoices, Downloads downloads,
                      OutboxAdmin outbox, AuditLog audit) {
        this.customers = customers;
        this.accounts = accounts;
        this.invoices = invoices;
        this.downloads = downloads;
        this.outbox = outbox;
        this.audit = audit;
    }

    /**
     * Customers whose NIT, name or email contains the text, by name; the portal username is the NIT, so it is found
     * too. With {@code withoutEmail}, only those without an email on record or with invoices waiting for one.
     */
    @Transactional(readOnly = true)
    List<Found> search(String text, boolean withoutEmail) {
        List<Customer> found = customers.search(text, withoutEmail,
                withoutEmail ? invoices.customersWaitingForEmail() : List.of(), FOUND);
        List<Long> ids = found.stream().map(Customer::id).toList();
        Map<Long, AccountState> accountOf = accounts.ofCustomers(ids);
        Map<Long, Invoices.CustomerCounts> counts = invoices.countsOf(ids);
        return found.stream().map(c -> {
            Invoices.CustomerCounts n = counts.getOrDefault(c.id(), Invoices.CustomerCounts.NONE);
            return new Found(c, accountOf.get(c.id()), n.documents(), n.waitingForEmail());
        }).toList();
    }

    @Transactional(readOnly = true)
    Optional<Detail> detail(long customerId) {
        return customers.findById(customerId).map(customer -> {
            List<Invoices.OfCustomer> latest = invoices.ofCustomer(customerId, SHOWN);
            Map<Long, Long> downloadCounts = downloads.countsOf(latest.stream().map(Invoices.OfCustomer::id).toList());
            List<Downloads.Download> downloaded = downloads.ofCustomer(customerId, SHOWN);
            Map<Long, String> numbers = invoices.numbers(downloaded.stream().map(Downloads.Download::invoiceId)
                    .distinct().toList());
            return new Detail(customer, accounts.ofCustomer(customerId).orElse(null),
                    latest.stream().map(i -> new Document(i, downloadCounts.getOrDefault(i.id(), 0L))).toList(),
                    downloaded.stream().map(d -> new Download(d, numbers.get(d.invoiceId()))).toList(),
                    outbox.ofCustomer(customerId, SHOWN), audit.forTarget("customer", customerId),
                    customers.bounceOf(customerId).orElse(null), outbox.countBounced(customerId));
        });
    }
}
