package co.entrega.notification;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import co.entrega.provisioning.AccountProvisioner;
import co.entrega.provisioning.OnboardingProperties;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For each invoice: provision the customer's account on their first invoice and queue the two one-time credential
 * emails, queue the invoice email, mark the invoice notified. All of it in the chunk's transaction, and every email
 * under a dedup key, so a rerun or a restart after a failure queues nothing twice.
 */
@Component
class NotifyRecipientsWriter implements ItemWriter<InvoiceToNotify> {

    private final AccountProvisioner provisioner;
    private final MailOutbox outbox;
    private final JdbcClient jdbc;

    NotifyRecipientsWriter(AccountProvisioner provisioner, MailOutbox outbox, JdbcClient jdbc) {
        this.provisioner = provisioner;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    private static void requireDeliverableAddress(InvoiceToNotify invoice) {
        try {
            jakarta.mail.internet.InternetAddress.parse(invoice.email().replace(';', ','), true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new InvoiceNotNotifiableException("invoice " + invoice.invoiceId() + ": the customer's email '"
                    + invoice.email() + "' is not a valid address: " + e.getMessage());
        }
    }

    @Override
    public void write(Chunk<? extends InvoiceToNotify> invoices) {
        for (InvoiceToNotify invoice : invoices) {
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
            jdbc.sql("UPDATE invoices SET notified_at = :now WHERE id = :id AND notified_at IS NULL")
                    .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                    .param("id", invoice.invoiceId())
                    .update();
        }
    }
}
