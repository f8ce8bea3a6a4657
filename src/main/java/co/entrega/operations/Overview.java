package co.entrega.operations;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import co.entrega.customers.CustomerRepository;
import co.entrega.ingestion.InboundStatus;
import co.entrega.ingestion.IngestionActivity;
import co.entrega.ingestion.Invoices;
import co.entrega.notification.MailActivity;
import co.entrega.notification.OutboxStatus;
import co.entrega.portal.Downloads;

/** The dashboard's counts: files, emails and invoices, today (the issuer's day) and in all. */
@Service
class Overview {

    /** A count today and in all. */
    public record Tally(long today, long all) {
    }

    /** @param recorded buyer's events recorded against their invoice (no invoice registered) */
    public record Files(Tally all, Tally registered, Tally duplicate, Tally recorded, Tally quarantined, Tally waiting) {
    }

    public record Mails(Tally pending, Tally sending, Tally sent, Tally failed, Tally bounced) {
    }

    public record Counts(Files files, Mails mails, Tally invoices, long downloaded, long notDownloaded,
                  long customersWithoutEmail, long waitingForEmail) {
    }

    private final IngestionActivity ingestion;
    private final MailActivity mail;
    private final Invoices invoices;
    private final Downloads downloads;
    private final CustomerRepository customers;

    Overview(IngestionActivity ingestion, MailActivity mail, Invoices invoices, Downloads downloads,
             CustomerRepository customers) {
        this.ingestion = ingestion;
        this.mail = mail;
        this.invoices = invoices;
        this.downloads = downloads;
        this.customers = customers;
    }

    /** In one read-only transaction, so the counts agree with each other on PostgreSQL's snapshot. */
    @Transactional(readOnly = true)
    Counts counts() {
        Instant today = LocalDate.now(DashboardPage.ISSUER_ZONE).atStartOfDay(DashboardPage.ISSUER_ZONE).toInstant();
        Files files = new Files(files(Optional.empty(), today), files(Optional.of(InboundStatus.REGISTERED), today),
                files(Optional.of(InboundStatus.DUPLICATE), today), files(Optional.of(InboundStatus.RECORDED), today),
                files(Optional.of(InboundStatus.QUARANTINED), today), files(Optional.of(InboundStatus.WAITING), today));
        Mails mails = new Mails(mails(OutboxStatus.PENDING, today), mails(OutboxStatus.SENDING, today),
                mails(OutboxStatus.SENT, today), mails(OutboxStatus.FAILED, today), mails(OutboxStatus.BOUNCED, today));
        Tally registered = new Tally(invoices.registered(today), invoices.registered(null));
        long downloaded = downloads.invoicesDownloaded();
        return new Counts(files, mails, registered, downloaded, registered.all() - downloaded,
                customers.countWithoutEmail(), invoices.waitingForEmail());
    }

    private Tally files(Optional<InboundStatus> status, Instant today) {
        return new Tally(ingestion.received(status, today), ingestion.received(status, null));
    }

    private Tally mails(OutboxStatus status, Instant today) {
        return new Tally(mail.created(status, today), mail.created(status, null));
    }
}
