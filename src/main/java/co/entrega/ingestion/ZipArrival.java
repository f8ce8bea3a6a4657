package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.storage.DocumentStore;

import org.springframework.stereotype.Component;

/**
 * A DIAN delivery ZIP: one document (usually its AttachedDocument) and its PDF. A ZIP is complete in itself, so it
 * never waits for anything: without a PDF inside, the document is registered without PDF.
 */
@Component
class ZipArrival {

    private final DocumentStore store;
    private final IngestionProperties properties;
    private final UblParsing parsing;
    private final DocumentOutcomes outcomes;
    private final Quarantine quarantine;

    ZipArrival(DocumentStore store, IngestionProperties properties, UblParsing parsing, DocumentOutcomes outcomes,
               Quarantine quarantine) {
        this.store = store;
        this.properties = properties;
        this.parsing = parsing;
        this.outcomes = outcomes;
        this.quarantine = quarantine;
    }

    /**
     * What the ZIP carries, read before its transaction (unpacked into the store and parsed: no database work), or
     * why it cannot be registered.
     */
    record Contents(UblDocument doc, DianZipReader.Entry xml, DianZipReader.Entry pdf, Rejection rejection) {
    }

    Contents read(String zipDocumentId) throws IOException {
        try {
            List<DianZipReader.Entry> entries;
            try (InputStream in = store.open(zipDocumentId)) {
                entries = new DianZipReader(store, properties).read(in);
            }
            Parsed chosen = chooseDocument(entries);
            return new Contents(chosen.doc(), chosen.entry(), choosePdf(entries, chosen.entry()), null);
        } catch (Rejection rejected) {
            return new Contents(null, null, null, rejected);
        }
    }

    void arrived(InboundFile zip, Contents contents) {
        if (contents.rejection() != null) {
            quarantine.put(zip, contents.rejection().code(), contents.rejection().getMessage());
            return;
        }
        DianZipReader.Entry pdf = contents.pdf();
        String key = PairKeys.baseName(contents.xml().name());
        RegistrationSource source = new RegistrationSource(zip.id(), contents.xml().stored().id(),
                pdf == null ? null : pdf.stored().id(), key);
        outcomes.register(contents.doc(), zip, source, null, pdf == null ? "el ZIP no trae PDF" : null);
    }

    private record Parsed(DianZipReader.Entry entry, UblDocument doc) {
    }

    /**
     * The one document the ZIP carries. Some ERPs put both the bare invoice and its AttachedDocument in the package:
     * same CUFE, so keep the AttachedDocument (what DIAN asks to deliver). Different CUFEs: not one delivery.
     */
    private Parsed chooseDocument(List<DianZipReader.Entry> entries) throws Rejection, IOException {
        List<Parsed> parsed = new ArrayList<>();
        for (DianZipReader.Entry entry : entries) {
            if (entry.type() != InboundFileType.XML) {
                continue;
            }
            try {
                parsed.add(new Parsed(entry, parsing.parse(entry.stored().id(), entry.name())));
            } catch (Rejection rejected) {
                throw new Rejection(rejected.code(), "En el ZIP, '" + entry.name() + "': " + rejected.getMessage());
            }
        }
        if (parsed.isEmpty()) {
            throw new Rejection("ZIP_WITHOUT_XML", "El ZIP no contiene ningún XML de factura o nota");
        }
        Map<String, Parsed> byCufe = new TreeMap<>();
        for (Parsed candidate : parsed) {
            byCufe.merge(candidate.doc().cufe(), candidate,
                    (a, b) -> b.doc().fromAttachedDocument() && !a.doc().fromAttachedDocument() ? b : a);
        }
        if (byCufe.size() > 1) {
            throw new Rejection("ZIP_SEVERAL_DOCUMENTS", "El ZIP contiene " + byCufe.size()
                    + " documentos distintos (" + String.join(", ", byCufe.values().stream()
                    .map(p -> p.doc().number()).toList()) + "); se espera uno por ZIP");
        }
        return byCufe.values().iterator().next();
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
