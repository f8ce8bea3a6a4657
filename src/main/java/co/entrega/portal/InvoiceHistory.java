package co.entrega.portal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import co.entrega.evidence.BuyerEvents;
import co.entrega.evidence.RecordedEvent;
import co.entrega.notification.InvoiceDeliveries;
import co.entrega.notification.OutboxStatus;

/**
 * An invoice's history, for the customer's invoice page and the console alike: registered, emailed (to which address,
 * accepted by the relay), bounced, downloaded, and each of the buyer's events, in the order they happened; with the
 * open term of a tacit acceptance, and the link that verifies the document in DIAN's public catalogue.
 */
@Service
public class InvoiceHistory {

    private static final ZoneId ISSUER_ZONE = BuyerEvents.ISSUER_ZONE;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    public enum StepKind { REGISTERED, EMAILED, EMAIL_FAILED, BOUNCED, DOWNLOADED, EVENT, TACIT_ACCEPTANCE }

    /**
     * One thing that happened to the invoice.
     *
     * @param at      when (in the issuer's zone when shown); for a tacit acceptance, the start of the day it happens
     * @param code    for an event its code ({@code 030} ... {@code 034}); for a download the document
     *                ({@code PDF}, {@code XML}, {@code PENDING_ZIP}); else null
     * @param who     the address an email went to, or the sender of an event
     * @param detail  a bounce's or failure's reason, an event's note, the last day to claim of a tacit acceptance;
     *                else null
     * @param concept a claim's concept code ({@code 01} ... {@code 04}); else null
     * @param mailId  the email's outbox id (the console links to it); else null
     */
    public record Step(StepKind kind, OffsetDateTime at, String code, String who, String detail, String concept,
                       Long mailId) {

        /** "02/12/2026 09:15", in the issuer's zone (Bogotá). */
        public String when() {
            return at.atZoneSameInstant(ISSUER_ZONE).format(kind == StepKind.TACIT_ACCEPTANCE ? DAY : WHEN);
        }

        /** The message key of this step's text ({@code history.EVENT.031}, {@code history.BOUNCED}). */
        public String key() {
            return "history." + kind + (kind == StepKind.EVENT ? "." + code : "");
        }
    }

    /**
     * @param catalogueUrl where DIAN's public catalogue shows the document (what its QR code carries)
     * @param attachedDocument whether what the ERP sent, and the email carries, is DIAN's AttachedDocument
     * @param stateKey the message key of where the invoice stands now ({@code state.EVENT.033}, {@code state.BOUNCED})
     */
    public record History(long invoiceId, long customerId, String number, String cufe, String cufeScheme,
                          String catalogueUrl, boolean attachedDocument, List<Step> steps, String stateKey) {
    }

    private record Invoice(long id, long customerId, String number, String cufe, String cufeScheme, boolean attached,
                           OffsetDateTime registeredAt) {
    }

    private final JdbcClient jdbc;
    private final InvoiceDeliveries deliveries;
    private final BuyerEvents events;
    private final PortalProperties portal;

    InvoiceHistory(JdbcClient jdbc, InvoiceDeliveries deliveries, BuyerEvents events, PortalProperties portal) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.events = events;
        this.portal = portal;
    }

    /** For the console: any invoice. */
    @Transactional(readOnly = true)
    public Optional<History> of(long invoiceId) {
        return invoice("i.id = :id", invoiceId, null).map(this::history);
    }

    /** For the portal: only one of the customer's own invoices. */
    @Transactional(readOnly = true)
    public Optional<History> ofCustomer(long customerId, long invoiceId) {
        return invoice("i.id = :id AND i.customer_id = :c", invoiceId, customerId).map(this::history);
    }

    /**
     * Where each of these invoices stands, for a list, when something beyond "emailed" happened: the buyer's furthest
     * event, else a bounce, else a failure. Absent: nothing to say beyond the list's own columns.
     */
    public Map<Long, String> notableStates(Collection<Long> invoiceIds) {
        Map<Long, String> states = new HashMap<>();
        if (invoiceIds.isEmpty()) {
            return states;
        }
        deliveries.statusOf(invoiceIds).forEach((id, status) -> {
            if (status == OutboxStatus.BOUNCED || status == OutboxStatus.FAILED) {
                states.put(id, "state." + (status == OutboxStatus.BOUNCED ? StepKind.BOUNCED : StepKind.EMAIL_FAILED));
            }
        });
        events.latestOf(List.copyOf(invoiceIds)).forEach((id, event) ->
                states.put(id, "state.EVENT." + event.code().code()));
        return states;
    }

    private Optional<Invoice> invoice(String condition, long invoiceId, Long customerId) {
        var query = jdbc.sql("SELECT i.id, i.customer_id, i.number, i.cufe, i.cufe_scheme, i.xml_is_attached_document,"
                        + " i.registered_at FROM invoices i WHERE " + condition)
                .param("id", invoiceId);
        if (customerId != null) {
            query.param("c", customerId);
        }
        return query.query((rs, n) -> new Invoice(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class))).optional();
    }

    private History history(Invoice invoice) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(StepKind.REGISTERED, invoice.registeredAt(), null, null, null, null, null));
        String stateKey = "state.REGISTERED";
        for (InvoiceDeliveries.Delivery email : deliveries.ofInvoice(invoice.id())) {
            if (email.bouncedAt() != null) {
                steps.add(new Step(StepKind.BOUNCED, email.bouncedAt(), null, bouncedAddress(email),
                        bounceText(email), null, email.mailId()));
            }
            if (email.sentAt() != null) {
                steps.add(new Step(StepKind.EMAILED, email.sentAt(), null, email.recipients(), null, null,
                        email.mailId()));
            }
            if (email.status() == OutboxStatus.FAILED) {
                steps.add(new Step(StepKind.EMAIL_FAILED, email.queuedAt(), null, email.recipients(),
                        email.lastError(), null, email.mailId()));
            }
            stateKey = switch (email.status()) {
                case SENT -> "state.EMAILED";
                case BOUNCED -> "state.BOUNCED";
                case FAILED -> "state.EMAIL_FAILED";
                default -> stateKey;
            };
        }
        boolean downloaded = false;
        for (Downloads.Download download : downloads(invoice.id())) {
            steps.add(new Step(StepKind.DOWNLOADED, download.downloadedAt(), download.document(), null, null, null,
                    null));
            downloaded = true;
        }
        if (downloaded && !stateKey.equals("state.BOUNCED")) {
            stateKey = "state.DOWNLOADED";
        }
        List<RecordedEvent> recorded = events.ofInvoice(invoice.id());
        for (RecordedEvent event : recorded) {
            steps.add(new Step(StepKind.EVENT, at(event.issueDate(), event.issueTime()), event.code().code(),
                    event.senderName() != null ? event.senderName() : event.senderNit(), event.note(),
                    event.claimConcept() == null ? null : event.claimConcept().code(), null));
        }
        RecordedEvent furthest = events.latestOf(List.of(invoice.id())).get(invoice.id());
        if (furthest != null) {
            stateKey = "state.EVENT." + furthest.code().code();
        }
        events.openTerm(recorded).ifPresent(term -> steps.add(new Step(StepKind.TACIT_ACCEPTANCE,
                term.acceptedOn().atStartOfDay(ISSUER_ZONE).toOffsetDateTime(), null, null,
                term.lastDayToClaim().format(DAY), null, null)));
        steps.sort(Comparator.comparing(Step::at));
        return new History(invoice.id(), invoice.customerId(), invoice.number(), invoice.cufe(), invoice.cufeScheme(),
                portal.dianCatalogueUrl() + invoice.cufe(), invoice.attached(), List.copyOf(steps), stateKey);
    }

    private List<Downloads.Download> downloads(long invoiceId) {
        return jdbc.sql("""
                        SELECT downloaded_at, document, remote_address, invoice_id FROM document_downloads
                        WHERE invoice_id = :i ORDER BY id""")
                .param("i", invoiceId)
                .query((rs, n) -> new Downloads.Download(rs.getObject(1, OffsetDateTime.class), rs.getString(2),
                        rs.getString(3), rs.getLong(4)))
                .list();
    }

    /** The bounce reason starts with the address that bounced ("x@y (550 ...)"). */
    private static String bouncedAddress(InvoiceDeliveries.Delivery email) {
        String reason = email.bounceReason() == null ? "" : email.bounceReason();
        int space = reason.indexOf(' ');
        return space > 0 ? reason.substring(0, space) : email.recipients();
    }

    /** The remote server's reason alone, without the address it starts with. */
    private static String bounceText(InvoiceDeliveries.Delivery email) {
        String reason = email.bounceReason() == null ? "" : email.bounceReason();
        int open = reason.indexOf(" (");
        return open > 0 && reason.endsWith(")") ? reason.substring(open + 2, reason.length() - 1) : reason;
    }

    private static OffsetDateTime at(LocalDate date, LocalTime time) {
        return LocalDateTime.of(date, time == null ? LocalTime.NOON : time).atZone(ISSUER_ZONE).toOffsetDateTime();
    }
}
