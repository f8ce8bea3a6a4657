package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.storage.DocumentStore;

/**
 * Loose files: an XML and its PDF dropped separately, in either order. Whichever comes second completes the pair;
 * one still alone after {@code pair-wait} is settled by {@link #expire}: an XML is registered without PDF (flagged),
 * a PDF is attached to an invoice registered earlier without one, or quarantined.
 */
@Component
class LoosePairing {

    private final UblParsing parsing;
    private final InvoiceRegistrar registrar;
    private final InvoiceRepository invoices;
    private final InboundFileRepository files;
    private final DocumentOutcomes outcomes;
    private final Quarantine quarantine;
    private final DocumentStore store;
    private final IngestionProperties properties;
    private final BuyerEventArrival events;
    private final WaitingDocuments waiting = new WaitingDocuments(WAITING_DOCUMENTS_KEPT);

    /** Parsed waiting XMLs kept for their pairing (~1 KB each); one not kept is parsed again then. */
    static final int WAITING_DOCUMENTS_KEPT = 10_000;

    LoosePairing(UblParsing parsing, InvoiceRegistrar registrar, InvoiceRepository invoices,
                 InboundFileRepository files, DocumentOutcomes outcomes, Quarantine quarantine, DocumentStore store,
                 IngestionProperties properties, BuyerEventArrival events) {
        this.parsing = parsing;
        this.registrar = registrar;
        this.invoices = invoices;
        this.files = files;
        this.outcomes = outcomes;
        this.quarantine = quarantine;
        this.store = store;
        this.properties = properties;
        this.events = events;
    }

    /** @param parsed the XML, parsed before the transaction (see InboundFileProcessor#prepare) */
    void xmlArrived(InboundFile xml, UblParsing.Parsed parsed) {
        if (parsed.rejection() != null) {
            quarantine.put(xml, parsed.rejection().code(), parsed.rejection().getMessage());
            return;
        }
        if (parsed.event() != null) {
            events.arrived(xml, parsed.event()); // complete in itself: there is no PDF to wait for
            return;
        }
        UblDocument doc = parsed.doc();
        String key = PairKeys.baseName(xml.originalName());
        String numberKey = PairKeys.ofNumber(doc.number());
        RegistrationSource withoutPdf = new RegistrationSource(xml.id(), xml.documentId(), null, key);
        // Known CUFE: a duplicate or a conflict is decided now; waiting for a PDF would change nothing.
        if (registrar.checkKnown(doc, withoutPdf).isPresent()) {
            Optional<InboundFile> pdf = files.claimWaitingPartner(InboundFileType.PDF, key, numberKey);
            register(doc, xml, pdf.orElse(null), key, null);
            return;
        }
        Optional<InboundFile> pdf = files.claimWaitingPartner(InboundFileType.PDF, key, numberKey);
        if (pdf.isPresent() || properties.pairWait().isZero()) {
            register(doc, xml, pdf.orElse(null), key, null);
        } else {
            files.markWaiting(xml.id(), key, numberKey);
            waiting.keep(xml.id(), doc);
        }
    }

    void pdfArrived(InboundFile pdf) throws IOException {
        if (!looksLikePdf(pdf)) {
            quarantine.put(pdf, "NOT_PDF", "El archivo '" + pdf.originalName() + "' no es un PDF (no empieza con %PDF-)");
            return;
        }
        if (store.size(pdf.documentId()) > properties.maxPdfSize().toBytes()) {
            quarantine.put(pdf, "TOO_LARGE", "El PDF supera el tamaño máximo de "
                    + properties.maxPdfSize().toBytes() + " bytes");
            return;
        }
        String key = PairKeys.baseName(pdf.originalName());
        Optional<InboundFile> xml = files.claimWaitingPartner(InboundFileType.XML, key, key);
        if (xml.isPresent()) {
            registerWaitingXml(xml.get(), pdf, null);
        } else if (!attachToInvoiceWithoutPdf(pdf, key)) {
            files.markWaiting(pdf.id(), key, null);
        }
    }

    /** Settles a file (already claimed) that waited longer than pair-wait for its other half. */
    void expire(InboundFile waiting) throws IOException {
        String key = waiting.pairKey();
        String waited = minutes(properties.pairWait());
        if (waiting.type() == InboundFileType.XML) {
            Optional<InboundFile> pdf = files.claimWaitingPartner(InboundFileType.PDF, key, waiting.altPairKey());
            registerWaitingXml(waiting, pdf.orElse(null),
                    pdf.isPresent() ? null : "sin PDF: no llegó su PDF después de " + waited);
        } else if (!attachToInvoiceWithoutPdf(waiting, key)) {
            Optional<InboundFile> xml = files.claimWaitingPartner(InboundFileType.XML, key, key);
            if (xml.isPresent()) {
                registerWaitingXml(xml.get(), waiting, null);
            } else {
                quarantine.put(waiting, "PDF_WITHOUT_XML", "PDF sin XML después de " + waited
                        + ": no llegó un XML llamado '" + key + ".xml' ni una factura con número '" + key + "'");
            }
        }
    }

    /**
     * An XML (already claimed) whose PDF is waiting too: they arrived together, each processed before the other
     * committed. Pairs them now; if the PDF was taken meanwhile, the XML goes back to waiting.
     */
    void pairNow(InboundFile xml) throws IOException {
        Optional<InboundFile> pdf = files.claimWaitingPartner(InboundFileType.PDF, xml.pairKey(), xml.altPairKey());
        if (pdf.isPresent()) {
            registerWaitingXml(xml, pdf.get(), null);
        } else {
            files.backToWaiting(xml.id());
        }
    }

    private void registerWaitingXml(InboundFile xml, InboundFile pdf, String detail) throws IOException {
        UblDocument doc = waiting.take(xml.id());
        try {
            if (doc == null) {
                doc = parsing.parse(xml.documentId(), xml.originalName());
            }
        } catch (Rejection rejected) {
            // It parsed when it arrived; only a damaged store gets here. Keep both visible.
            quarantine.put(xml, rejected.code(), rejected.getMessage());
            if (pdf != null) {
                files.backToWaiting(pdf.id());
            }
            return;
        }
        register(doc, xml, pdf, xml.pairKey() != null ? xml.pairKey() : PairKeys.baseName(xml.originalName()), detail);
    }

    private void register(UblDocument doc, InboundFile xml, InboundFile pdf, String key, String detail) {
        RegistrationSource source = new RegistrationSource(xml.id(), xml.documentId(),
                pdf == null ? null : pdf.documentId(), key);
        outcomes.register(doc, xml, source, pdf, detail);
    }

    private boolean attachToInvoiceWithoutPdf(InboundFile pdf, String key) {
        Optional<RegisteredInvoice> invoice = invoices.findWithoutPdf(key);
        if (invoice.isEmpty()) {
            return false;
        }
        invoices.attachPdf(invoice.get().id(), pdf.documentId());
        files.complete(pdf.id(), InboundStatus.REGISTERED, invoice.get().id(),
                "PDF agregado al documento " + invoice.get().number() + ", registrado antes sin PDF");
        return true;
    }

    private boolean looksLikePdf(InboundFile pdf) throws IOException {
        try (InputStream in = store.open(pdf.documentId())) {
            String head = new String(in.readNBytes(1024), StandardCharsets.ISO_8859_1);
            return head.contains("%PDF-");
        }
    }

    private static String minutes(Duration wait) {
        return wait.toMinutes() >= 1 ? wait.toMinutes() + " minutos" : wait.toSeconds() + " segundos";
    }
}
