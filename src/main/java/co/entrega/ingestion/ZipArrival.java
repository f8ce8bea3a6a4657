package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import co.entrega.ingestion.ubl.UblContent;
import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.storage.DocumentStore;

import org.springframework.stereotype.Component;

/**
 * A DIAN delivery ZIP: one document (usually its AttachedDocument) and its PDF. A ZIP is complete in itself, so it
 * never waits for anything: without a PDF inside, the document is registered without PDF. A ZIP may carry a buyer's
 * event instead (its AttachedDocument or bare ApplicationResponse, maybe with a PDF, which is not kept): it is
 * recorded as one.
 */
@Component
class ZipArrival {

    private final DocumentStore store;
    private final IngestionProperties properties;
    private final UblParsing parsing;
    private final DocumentOutcomes outcomes;
    private final Quarantine quarantine;
    private final BuyerEventArrival events;

    ZipArrival(DocumentStore store, IngestionProperties properties, UblParsing parsing, DocumentOutcomes outcomes,
               Quarantine quarantine, BuyerEventArrival events) {
        this.store = store;
        this.properties = properties;
        this.parsing = parsing;
        this.outcomes = outcomes;
        this.quarantine = quarantine;
        this.events = events;
    }

    /**
     * What the ZIP carries, read before its transaction (unpacked into the store and parsed: no database work), or
     * why it cannot be registered.
     *
     * @param doc   the document to register, or null
     * @param event the buyer's event to record instead, or null
     */
    record Contents(UblDocument doc, BuyerEvent event, DianZipReader.Entry xml, DianZipReader.Entry pdf,
                    Rejection rejection) {
    }

    Contents read(String zipDocumentId) throws IOException {
        try {
            List<DianZipReader.Entry> entries;
            try (InputStream in = store.open(zipDocumentId)) {
                entries = new DianZipReader(store, properties).read(in);
            }
            Parsed chosen = chooseDocument(entries);
            return new Contents(chosen.doc(), chosen.event(), chosen.entry(), choosePdf(entries, chosen.entry()), null);
        } catch (Rejection rejected) {
            return new Contents(null, null, null, null, rejected);
        }
    }

    void arrived(InboundFile zip, Contents contents) {
        if (contents.rejection() != null) {
            quarantine.put(zip, contents.rejection().code(), contents.rejection().getMessage());
            return;
        }
        if (contents.event() != null) {
            events.arrived(zip, contents.event());
            return;
        }
        DianZipReader.Entry pdf = contents.pdf();
        String key = PairKeys.baseName(contents.xml().name());
        RegistrationSource source = new RegistrationSource(zip.id(), contents.xml().stored().id(),
                pdf == null ? null : pdf.stored().id(), key);
        outcomes.register(contents.doc(), zip, source, null, pdf == null ? "el ZIP no trae PDF" : null);
    }

    /** One XML of the ZIP and what it carries: a document or an event. */
    private record Parsed(DianZipReader.Entry entry, UblDocument doc, BuyerEvent event) {

        String identity() {
            return doc != null ? doc.cufe() : event.cude();
        }

        boolean fromAttachedDocument() {
            return doc != null ? doc.fromAttachedDocument() : event.fromAttachedDocument();
        }

        String number() {
            return doc != null ? doc.number() : event.number();
        }
    }

    /**
     * The one document (or event) the ZIP carries. Some ERPs put both the bare invoice and its AttachedDocument in the
     * package: same CUFE, so keep the AttachedDocument (what DIAN asks to deliver). Different CUFEs: not one delivery.
     */
    private Parsed chooseDocument(List<DianZipReader.Entry> entries) throws Rejection, IOException {
        List<Parsed> parsed = new ArrayList<>();
        for (DianZipReader.Entry entry : entries) {
            if (entry.type() != InboundFileType.XML) {
                continue;
            }
            try {
                UblContent content = parsing.parseContent(entry.stored().id(), entry.name());
                parsed.add(new Parsed(entry, content.document(), content.event()));
            } catch (Rejection rejected) {
                throw new Rejection(rejected.code(), "En el ZIP, '" + entry.name() + "': " + rejected.getMessage());
            }
        }
        if (parsed.isEmpty()) {
            throw new Rejection("ZIP_WITHOUT_XML", "El ZIP no contiene ningún XML de factura, nota o evento");
        }
        if (parsed.stream().anyMatch(p -> p.event() != null) && parsed.stream().anyMatch(p -> p.doc() != null)) {
            throw new Rejection("ZIP_SEVERAL_DOCUMENTS", "El ZIP contiene a la vez un documento ("
                    + parsed.stream().filter(p -> p.doc() != null).findFirst().orElseThrow().number()
                    + ") y un evento (" + parsed.stream().filter(p -> p.event() != null).findFirst().orElseThrow()
                    .number() + "); se espera uno por ZIP");
        }
        Map<String, Parsed> byIdentity = new TreeMap<>();
        for (Parsed candidate : parsed) {
            byIdentity.merge(candidate.identity(), candidate,
                    (a, b) -> b.fromAttachedDocument() && !a.fromAttachedDocument() ? b : a);
        }
        if (byIdentity.size() > 1) {
            throw new Rejection("ZIP_SEVERAL_DOCUMENTS", "El ZIP contiene " + byIdentity.size()
                    + " documentos distintos (" + String.join(", ", byIdentity.values().stream()
                    .map(Parsed::number).toList()) + "); se espera uno por ZIP");
        }
        return byIdentity.values().iterator().next();
    }

    private static DianZipReader.Entry choosePdf(List<DianZipReader.Entry> entries, DianZipReader.Entry xml) {
        DianZipReader.Entry first = null;
        for (DianZipReader.Entry entry : entries) {
            if (entry.type() != InboundFileType.PDF) {
                continue;
            }
            if (PairKeys.baseName(entry.name()).equals(PairKeys.baseName(xml.name()))) {
                return entry;
            }
            if (first == null) {
                first = entry;
            }
        }
        return first;
    }
}
