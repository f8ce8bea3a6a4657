package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;

import co.entrega.ingestion.ubl.UblContent;
import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.ingestion.ubl.UblReader;
import co.entrega.ingestion.ubl.UblRejectedException;
import co.entrega.storage.DocumentStore;

import org.springframework.stereotype.Component;

/** Parses a stored XML document, or a buyer's event; a rejection carries the reader's reason. */
@Component
class UblParsing {

    private final DocumentStore store;
    private final UblReader reader;

    UblParsing(DocumentStore store, IngestionProperties properties) {
        this.store = store;
        this.reader = new UblReader(properties.maxXmlSize().toBytes());
    }

    UblDocument parse(String documentId, String fileName) throws Rejection, IOException {
        try (InputStream in = store.open(documentId)) {
            return reader.read(in);
        } catch (UblRejectedException rejected) {
            throw new Rejection(rejected.reasonCode(), rejected.getMessage());
        }
    }

    /** A document to deliver or a buyer's event, whichever the XML carries. */
    UblContent parseContent(String documentId, String fileName) throws Rejection, IOException {
        try (InputStream in = store.open(documentId)) {
            return reader.readContent(in, null);
        } catch (UblRejectedException rejected) {
            throw new Rejection(rejected.reasonCode(), rejected.getMessage());
        }
    }

    /**
     * An XML parsed ahead of its transaction (see InboundFileProcessor#prepare): the document, or the buyer's event,
     * or why neither.
     */
    record Parsed(UblDocument doc, BuyerEvent event, Rejection rejection) {
    }

    Parsed tryParse(String documentId, String fileName) throws IOException {
        try {
            UblContent content = parseContent(documentId, fileName);
            return new Parsed(content.document(), content.event(), null);
        } catch (Rejection rejected) {
            return new Parsed(null, null, rejected);
        }
    }
}
