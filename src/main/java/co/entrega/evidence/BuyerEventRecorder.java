package co.entrega.evidence;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import co.entrega.customers.Nit;
import co.entrega.ingestion.BuyerEvent;
import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.BuyerResponses;
import co.entrega.ingestion.Invoices;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a buyer's event that ingestion read, in ingestion's transaction, after checking it belongs: its invoice is
 * registered, the sender is that invoice's buyer (its issuer, for a 034), it is not recorded already, and it follows
 * the events before it. A refusal changes nothing and says, in Spanish, which invoice and what was wrong.
 *
 * <p>DIAN admits each event once per invoice and rejects one incoherent with the earlier ones (Anexo técnico RADIAN,
 * Resolución 000085 de 2022, §8.7.1): no acceptance after a claim, no claim after an acceptance. Its signing-time
 * rules fix the order: a 032 not before the 030 (DC24b), a 033 within three business days after the 032 (DC24c), a
 * 034 only once they have run (DC24e); so a 032 needs its 030 and a 033 or 034 its 032. The time windows themselves
 * are DIAN's to check: an event the ERP hands over has passed them.
 */
@Component
class BuyerEventRecorder implements BuyerResponses {

    private static final Logger log = LoggerFactory.getLogger(BuyerEventRecorder.class);

    private final Invoices invoices;
    private final BuyerEventRepository events;
    private final BuyerEventCounters counters;

    BuyerEventRecorder(Invoices invoices, BuyerEventRepository events, BuyerEventCounters counters) {
        this.invoices = invoices;
        this.events = events;
        this.counters = counters;
    }

    @Override
    public Outcome record(BuyerEvent event, long inboundFileId) {
        String what = event.label() + " número " + event.number();
        Optional<Invoices.Summary> found = invoices.byCufe(event.invoiceCufe());
        if (found.isEmpty()) {
            return new Refused("UNKNOWN_INVOICE", what + ": la factura " + (event.invoiceNumber() == null ? ""
                    : event.invoiceNumber() + " ") + "con CUFE " + event.invoiceCufe() + " no está registrada en"
                    + " Entrega; reprocese el archivo desde la cuarentena cuando la factura esté registrada");
        }
        Invoices.Summary invoice = found.get();
        String ofInvoice = " de la factura " + invoice.number() + " (CUFE " + invoice.cufe() + ")";
        if (!invoice.isInvoice()) {
            return new Refused("NOT_AN_INVOICE", what + ": el CUFE " + invoice.cufe() + " es del documento "
                    + invoice.number() + ", que no es una factura; los eventos RADIAN son de facturas");
        }
        String sender = Nit.parse(event.senderNit(), event.senderCheckDigit()).number();
        Optional<Refused> wrongSender = checkSender(event.code(), sender, invoice, what + ofInvoice);
        if (wrongSender.isPresent()) {
            return wrongSender.get();
        }
        Optional<RecordedEvent> sameCude = events.byCude(event.cude());
        if (sameCude.isPresent()) {
            return new Refused("DUPLICATE_EVENT", what + ofInvoice + ": el evento con CUDE " + event.cude()
                    + " ya está registrado (" + sameCude.get().label() + ", archivo " + sameCude.get().inboundFileId()
                    + ")");
        }
        Map<BuyerEventCode, RecordedEvent> recorded = new EnumMap<>(BuyerEventCode.class);
        events.ofInvoice(invoice.id()).forEach(e -> recorded.put(e.code(), e));
        RecordedEvent sameCode = recorded.get(event.code());
        if (sameCode != null) {
            return new Refused("DUPLICATE_EVENT", what + ofInvoice + ": la factura ya tiene el evento "
                    + event.code().code() + " (número " + sameCode.number() + " del " + sameCode.issueDate()
                    + ", CUDE " + sameCode.cude() + "); la DIAN admite cada evento una sola vez por factura");
        }
        Optional<String> order = outOfOrder(event.code(), recorded);
        if (order.isPresent()) {
            return new Refused("EVENT_OUT_OF_ORDER", what + ofInvoice + ": " + order.get());
        }
        events.insert(invoice.id(), event, sender, inboundFileId);
        counters.countWhenCommitted(event.code());
        log.info("Recorded {} {} of invoice {} (inbound file {})", event.code().code(), event.number(),
                invoice.number(), inboundFileId);
        return new Recorded(invoice.id(), event.label() + ofInvoice + ", del " + event.issueDate() + ": número "
                + event.number() + ", CUDE " + event.cude() + ", enviado por NIT " + sender
                + (event.senderName() == null ? "" : " (" + event.senderName() + ")"));
    }

    /** The buyer sends 030 to 033; the issuer registers the 034 (with DIAN as the receiver). */
    private static Optional<Refused> checkSender(BuyerEventCode code, String sender, Invoices.Summary invoice,
                                                 String what) {
        boolean byIssuer = code == BuyerEventCode.TACIT_ACCEPTANCE;
        String expected = Nit.parse(byIssuer ? invoice.supplierNit() : invoice.customerNit(), null).number();
        if (sender.equals(expected)) {
            return Optional.empty();
        }
        if (byIssuer) {
            return Optional.of(new Refused("SENDER_NOT_ISSUER", what + ": lo envía el NIT " + sender + ", que no es"
                    + " el emisor de la factura (NIT " + expected + "); la aceptación tácita la registra el emisor"));
        }
        return Optional.of(new Refused("SENDER_NOT_BUYER", what + ": lo envía el NIT " + sender + ", que no es el"
                + " adquiriente de la factura (NIT " + expected + "); solo el adquiriente puede enviar este evento"));
    }

    /** Why the event cannot follow the invoice's events so far, if it cannot. */
    private static Optional<String> outOfOrder(BuyerEventCode code, Map<BuyerEventCode, RecordedEvent> recorded) {
        Optional<RecordedEvent> acceptance = recorded.values().stream().filter(e -> e.code().accepts()).findFirst();
        switch (code) {
            case GOODS_OR_SERVICE_RECEIVED -> {
                return missing(recorded, BuyerEventCode.RECEIPT_ACKNOWLEDGED, code);
            }
            case EXPRESS_ACCEPTANCE, TACIT_ACCEPTANCE -> {
                if (recorded.containsKey(BuyerEventCode.CLAIM)) {
                    return Optional.of("la factura tiene un reclamo (" + recorded.get(BuyerEventCode.CLAIM).label()
                            + " del " + recorded.get(BuyerEventCode.CLAIM).issueDate() + "); no admite aceptación");
                }
                if (acceptance.isPresent()) {
                    return Optional.of("la factura ya está aceptada (" + acceptance.get().label() + " del "
                            + acceptance.get().issueDate() + ")");
                }
                return missing(recorded, BuyerEventCode.GOODS_OR_SERVICE_RECEIVED, code);
            }
            case CLAIM -> {
                return acceptance.map(a -> "la factura ya está aceptada (" + a.label() + " del " + a.issueDate()
                        + "); no admite reclamo");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> missing(Map<BuyerEventCode, RecordedEvent> recorded, BuyerEventCode before,
                                            BuyerEventCode code) {
        if (recorded.containsKey(before)) {
            return Optional.empty();
        }
        return Optional.of("el evento " + code.code() + " requiere antes el " + before.code() + " ("
                + before.description() + "), que no está registrado; reprocese este archivo desde la cuarentena"
                + " cuando lo esté");
    }
}
