package co.entrega.ingestion;

import org.springframework.stereotype.Component;

/**
 * A buyer's event came in (a bare ApplicationResponse, an AttachedDocument carrying one, or a ZIP with either): it is
 * recorded against its invoice, and its file ends RECORDED with that invoice; or it is refused and quarantined with
 * the reason, and nothing is recorded. Either way in the transaction that decides the file.
 */
@Component
class BuyerEventArrival {

    private final BuyerResponses responses;
    private final InboundFileRepository files;
    private final Quarantine quarantine;

    BuyerEventArrival(BuyerResponses responses, InboundFileRepository files, Quarantine quarantine) {
        this.responses = responses;
        this.files = files;
        this.quarantine = quarantine;
    }

    void arrived(InboundFile file, BuyerEvent event) {
        BuyerResponses.Outcome outcome = responses.record(event, file.id());
        if (outcome instanceof BuyerResponses.Recorded recorded) {
            files.complete(file.id(), InboundStatus.RECORDED, recorded.invoiceId(), recorded.detail());
        } else if (outcome instanceof BuyerResponses.Refused refused) {
            quarantine.put(file, refused.reasonCode(), refused.reason());
        }
    }
}
