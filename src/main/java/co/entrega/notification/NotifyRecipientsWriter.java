package co.entrega.notification;

import java.util.Map;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import co.entrega.customers.CustomerRepository;
import co.entrega.ingestion.Invoices;
import co.entrega.provisioning.AccountProvisioner;
import co.entrega.provisioning.OnboardingProperties;

/**
 * For each invoice: provision the customer's account on their first invoice and queue the two one-time credential
 * emails, queue the invoice email, mark the invoice notified. All of it in the chunk's transaction, and every email
 * under a dedup key, so a rerun or a restart after a failure queues nothing twice.
 * <p>Each call writes under a savepoint of the chunk's transaction. Spring Batch 6 retries a failed write, and writes
 * a failed chunk again item by item to skip the bad one, inside the transaction the failure happened in: the
 * savepoint undoes what the failed call wrote, and on PostgreSQL, where a failed statement aborts the transaction,
 * it is what lets the retry run at all.
 */
@Component
class NotifyRecipientsWriter implements ItemWriter<Invoices.Due> {

    private final AccountProvisioner provisioner;
    private final MailOutbox outbox;
    private final Invoices invoices;
    private final CustomerRepository customers;
    private final TransactionTemplate underSavepoint;

    NotifyRecipientsWriter(AccountProvisioner provisioner, MailOutbox outbox, Invoices invoices,
                           CustomerRepository customers, PlatformTransactionManager transactionManager) {
        this.provisioner = provisioner;
        this.outbox = outbox;
        this.invoices = invoices;
        this.customers = customers;
        this.underSavepoint = new TransactionTemplate(transactionManager);
        this.underSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    private static void requireDeliverableAddress(InvoiceToNotify invoice) {
        if (invoice.email() == null) {
            throw new InvoiceNotNotifiableException("invoice " + invoice.invoiceId() + ": the customer has no email");
        }
        try {
            InternetAddress.parse(invoice.email().replace(';', ','), true);
        } catch (AddressException e) {
            throw new InvoiceNotNotifiableException("invoice " + invoice.invoiceId() + ": the customer's email '"
                    + invoice.email() + "' is not a valid address: " + e.getMessage());
        }
    }

    @Override
    public void write(Chunk<? extends Invoices.Due> due) {
        underSavepoint.executeWithoutResult(status -> writeEach(due));
    }

    private void writeEach(Chunk<? extends Invoices.Due> due) {
        // One query for the chunk's addresses, read in the chunk's transaction.
        Map<Long, String> emails = customers.emailsOf(due.getItems().stream().map(Invoices.Due::customerId).distinct().toList());
        for (Invoices.Due item : due) {
            InvoiceToNotify invoice = new InvoiceToNotify(item.invoiceId(), item.customerId(), item.customerNit(),
                    emails.get(item.customerId()));
            requireDeliverableAddress(invoice);
            AccountProvisioner.Provisioned provisioned = provisioner.ensureAccount(invoice.customerId(),
                    invoice.customerNit());
            long accountId = provisioned.account().id();
            if (provisioned.created()) {
                outbox.queue(MailKind.ACTIVATION, "activation:account:" + accountId, invoice.customerId(), accountId,
                        null, invoice.email());
                if (provisioner.mode() == OnboardingProperties.Mode.PASSWORD_EMAIL) {
                    outbox.queue(MailKind.PASSWORD, "password:account:" + accountId, invoice.customerId(), accountId,
                            null, invoice.email());
                }
            }
            outbox.queue(MailKind.INVOICE, "invoice:" + invoice.invoiceId(), invoice.customerId(), accountId,
                    invoice.invoiceId(), invoice.email());
            invoices.markNotified(invoice.invoiceId());
        }
    }
}
