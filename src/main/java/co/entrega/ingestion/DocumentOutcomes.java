package co.entrega.ingestion;

import co.entrega.ingestion.ubl.UblDocument;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Registers a parsed document and closes the files that carried it (the XML's file, and the PDF's when it came as a
 * separate file) with the same outcome.
 */
@Component
class DocumentOutcomes {

    private final InvoiceRegistrar registrar;
    private final InboundFileRepository files;
    private final Quarantine quarantine;
    private final ApplicationEventPublisher events;

    DocumentOutcomes(InvoiceRegistrar registrar, InboundFileRepository files, Quarantine quarantine,
                     ApplicationEventPublisher events) {
        this.registrar = registrar;
        this.files = files;
        this.quarantine = quarantine;
        this.events = events;
    }

    /**
     * @param carrier the file that brought the XML (a loose XML or a ZIP)
     * @param pdfFile the loose PDF file paired with it, or null (no PDF, or the PDF came inside the ZIP)
     */
    void register(UblDocument doc, InboundFile carrier, RegistrationSource source, InboundFile pdfFile,
                  String extraDetail) {
        InvoiceRegistrar.Result result = registrar.register(doc, source);
        String suffix = extraDetail == null ? "" : "; " + extraDetail;
        if (result instanceof InvoiceRegistrar.Result.Registered registered) {
            events.publishEvent(new InvoicesReady(1));
            files.complete(carrier.id(), InboundStatus.REGISTERED, registered.invoiceId(),
                    registered.detail() + suffix);
            if (pdfFile != null) {
                files.complete(pdfFile.id(), InboundStatus.REGISTERED, registered.invoiceId(),
                        "PDF de " + InvoiceRegistrar.describe(doc));
            }
        } else if (result instanceof InvoiceRegistrar.Result.Duplicate duplicate) {
            files.complete(carrier.id(), InboundStatus.DUPLICATE, duplicate.invoiceId(), duplicate.detail());
            if (pdfFile != null) {
                files.complete(pdfFile.id(), InboundStatus.DUPLICATE, duplicate.invoiceId(),
                        "PDF de un documento duplicado: " + duplicate.detail());
            }
        } else if (result instanceof InvoiceRegistrar.Result.Conflict conflict) {
            quarantine.put(carrier, "CUFE_CONFLICT", conflict.reason());
            if (pdfFile != null) {
                quarantine.put(pdfFile, "CUFE_CONFLICT", "PDF del documento en conflicto '"
                        + carrier.originalName() + "': " + conflict.reason());
            }
        }
    }
}
