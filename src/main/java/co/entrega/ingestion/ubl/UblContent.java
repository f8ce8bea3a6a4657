package co.entrega.ingestion.ubl;

import co.entrega.ingestion.BuyerEvent;

/**
 * What a UBL file carries: a document to deliver (Invoice, CreditNote, DebitNote) or a buyer's event on one
 * (ApplicationResponse). Exactly one of the two is set.
 */
public record UblContent(UblDocument document, BuyerEvent event) {

    static UblContent of(UblDocument document) {
        return new UblContent(document, null);
    }

    static UblContent of(BuyerEvent event) {
        return new UblContent(null, event);
    }
}
