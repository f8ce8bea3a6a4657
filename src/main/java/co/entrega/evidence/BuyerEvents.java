package co.entrega.evidence;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.Invoices;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The buyer's events on the issuer's invoices, as the other features see them: an invoice's events, each invoice's
 * state for a list, the claims, and the invoices whose tacit acceptance is due (with its CSV for the ERP).
 */
@Service
public class BuyerEvents {

    /** Where the issuer's days begin and end: terms are counted in Colombian days. */
    public static final ZoneId ISSUER_ZONE = ZoneId.of("America/Bogota");

    /** How far along RADIAN's sequence each event takes an invoice: 030, then 032, then a claim or an acceptance. */
    private static final Map<BuyerEventCode, Integer> STAGE = Map.of(BuyerEventCode.RECEIPT_ACKNOWLEDGED, 1,
            BuyerEventCode.GOODS_OR_SERVICE_RECEIVED, 2, BuyerEventCode.CLAIM, 3,
            BuyerEventCode.EXPRESS_ACCEPTANCE, 4, BuyerEventCode.TACIT_ACCEPTANCE, 4);

    /** A claim (031) on an invoice, with the invoice it is about. */
    public record Claim(long invoiceId, String invoiceNumber, String cufe, String buyerNit, String buyerName,
                        RecordedEvent event) {
    }

    /**
     * An invoice the buyer received (032) and neither claimed nor accepted within the term.
     *
     * @param goodsReceivedOn   the 032 event's date
     * @param lastDayToClaim    the third business day after it, the term's last day
     * @param tacitAcceptanceOn the day after: from then on the invoice is tacitly accepted, and the issuer may register
     *                          the 034
     */
    public record TacitAcceptanceDue(long invoiceId, String invoiceNumber, String cufe, String buyerNit,
                                     String buyerName, LocalDate goodsReceivedOn, LocalDate lastDayToClaim,
                                     LocalDate tacitAcceptanceOn) {
    }

    private final BuyerEventRepository events;
    private final Invoices invoices;
    private final TacitAcceptanceTerm term;

    BuyerEvents(BuyerEventRepository events, Invoices invoices, TacitAcceptanceTerm term) {
        this.events = events;
        this.invoices = invoices;
        this.term = term;
    }

    /** The invoice's events, in the order they happened. */
    public List<RecordedEvent> ofInvoice(long invoiceId) {
        return events.ofInvoice(invoiceId);
    }

    /**
     * Each of these invoices' state: the event that took it furthest (an acceptance, else a claim, else the 032, else
     * the 030). Invoices without events are absent.
     */
    public Map<Long, RecordedEvent> latestOf(List<Long> invoiceIds) {
        Map<Long, RecordedEvent> latest = new HashMap<>();
        for (RecordedEvent event : events.ofInvoices(Set.copyOf(invoiceIds))) {
            latest.merge(event.invoiceId(), event, (a, b) -> STAGE.get(b.code()) > STAGE.get(a.code()) ? b : a);
        }
        return latest;
    }

    /** The invoices with a claim, the newest claim first. */
    @Transactional(readOnly = true)
    public List<Claim> claims(int limit, int offset) {
        List<RecordedEvent> claims = events.withCode(BuyerEventCode.CLAIM, limit, offset);
        Map<Long, Invoices.Summary> of = invoices.summaries(claims.stream().map(RecordedEvent::invoiceId).toList());
        List<Claim> listed = new ArrayList<>();
        for (RecordedEvent claim : claims) {
            Invoices.Summary invoice = of.get(claim.invoiceId());
            listed.add(new Claim(claim.invoiceId(), invoice.number(), invoice.cufe(), invoice.customerNit(),
                    invoice.customerName(), claim));
        }
        return listed;
    }

    /** The invoices tacitly accepted by the end of today, in Bogotá, whose 034 is not recorded. */
    public List<TacitAcceptanceDue> tacitAcceptanceDue() {
        return tacitAcceptanceDue(LocalDate.now(ISSUER_ZONE));
    }

    /**
     * The invoices tacitly accepted on or before {@code asOf} (see {@link TacitAcceptanceTerm}) whose 034 is not
     * recorded, the oldest first: a 032, and no claim, no express acceptance, no 034.
     */
    @Transactional(readOnly = true)
    public List<TacitAcceptanceDue> tacitAcceptanceDue(LocalDate asOf) {
        // Three business days take at least three calendar days, and acceptance comes the day after: anything received
        // later than four days before asOf cannot be due yet, so the database need not return it.
        List<RecordedEvent> received = events.receivedNotSettled(asOf.minusDays(TacitAcceptanceTerm.BUSINESS_DAYS + 1));
        List<RecordedEvent> due = received.stream().filter(r -> !term.acceptedOn(r.issueDate()).isAfter(asOf))
                .toList();
        Map<Long, Invoices.Summary> of = invoices.summaries(due.stream().map(RecordedEvent::invoiceId).toList());
        return due.stream().map(r -> {
            Invoices.Summary invoice = of.get(r.invoiceId());
            return new TacitAcceptanceDue(r.invoiceId(), invoice.number(), invoice.cufe(), invoice.customerNit(),
                    invoice.customerName(), r.issueDate(), term.lastDayToClaim(r.issueDate()),
                    term.acceptedOn(r.issueDate()));
        }).sorted(Comparator.comparing(TacitAcceptanceDue::tacitAcceptanceOn)
                .thenComparing(TacitAcceptanceDue::invoiceNumber)).collect(Collectors.toList());
    }

    /**
     * The term an invoice's buyer has to claim, once it received the goods or service (032): the last day to claim
     * and the day the invoice is tacitly accepted.
     */
    public record TacitTerm(LocalDate lastDayToClaim, LocalDate acceptedOn) {
    }

    /** The open term of an invoice with these events: a 032 and no claim, no acceptance yet. */
    public Optional<TacitTerm> openTerm(List<RecordedEvent> invoiceEvents) {
        boolean settled = invoiceEvents.stream().anyMatch(e -> e.code() == BuyerEventCode.CLAIM || e.code().accepts());
        return settled ? Optional.empty() : invoiceEvents.stream()
                .filter(e -> e.code() == BuyerEventCode.GOODS_OR_SERVICE_RECEIVED).findFirst()
                .map(received -> new TacitTerm(term.lastDayToClaim(received.issueDate()),
                        term.acceptedOn(received.issueDate())));
    }

    /** {@link #tacitAcceptanceDue(LocalDate)} as CSV for the ERP (see {@link TacitAcceptanceCsv}). */
    public void writeTacitAcceptanceDueCsv(LocalDate asOf, Appendable out) throws IOException {
        TacitAcceptanceCsv.write(tacitAcceptanceDue(asOf), out);
    }
}
