package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import co.entrega.storage.DocumentStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides what a received file becomes, in one transaction: the inbound record, the invoice or customers it
 * registers, or its quarantine entry are committed together or not at all. A failure (database down) rolls back
 * and the route leaves the file in the inbox, to be taken again.
 */
@Component
class InboundFileProcessor {

    private static final Logger log = LoggerFactory.getLogger(InboundFileProcessor.class);

    private final TransactionTemplate transaction;
    private final DocumentStore store;
    private final InboundFileRepository files;
    private final Quarantine quarantine;
    private final LoosePairing loose;
    private final ZipArrival zips;
    private final CustomerMasterArrival customerMaster;

    InboundFileProcessor(TransactionTemplate transaction, DocumentStore store, InboundFileRepository files,
                         Quarantine quarantine, LoosePairing loose, ZipArrival zips,
                         CustomerMasterArrival customerMaster) {
        this.transaction = transaction;
        this.store = store;
        this.files = files;
        this.quarantine = quarantine;
        this.loose = loose;
        this.zips = zips;
        this.customerMaster = customerMaster;
    }

    void process(ReceivedFile received) {
        try {
            transaction.executeWithoutResult(status -> processInTransaction(received));
        } catch (DuplicateKeyException raced) {
            // Another instance registered the same CUFE or customer between our read and our insert: once more,
            // now it is a plain duplicate.
            transaction.executeWithoutResult(status -> processInTransaction(received));
        } catch (DataAccessException | TransactionException | UncheckedIOException transientFailure) {
            throw transientFailure; // database or disk trouble: the file stays in the inbox and is taken again later
        } catch (RuntimeException bug) {
            // A file that makes our own code fail would otherwise be retried forever and never be seen:
            // quarantine it, with the error, for an operator (and a developer) to look at.
            log.error("Unexpected error processing '{}'; quarantining it", received.originalName(), bug);
            transaction.executeWithoutResult(status -> quarantine.put(
                    files.insert(received, InboundFileType.UNKNOWN), "INTERNAL_ERROR",
                    "Error interno al procesar el archivo (" + bug.getClass().getSimpleName() + ": "
                            + bug.getMessage() + "); avise a soporte técnico y reprocese después de la corrección"));
        }
    }

    private void processInTransaction(ReceivedFile received) {
        try {
            InboundFileType type = InboundFileType.detect(received.originalName(), head(received));
            InboundFile file = files.insert(received, type);
            // The very same file again (same name, same bytes): an ERP re-sending it, or this service taking it a
            // second time because it stopped between recording it and moving it out of the inbox. For a loose XML or
            // PDF that matters: a second copy would wait for a partner that has already paired with the first.
            Optional<InboundFileRepository.EarlierCopy> earlier = files.findEarlierCopy(file, received.stored().sha256());
            if (earlier.isPresent()) {
                files.complete(file.id(), InboundStatus.DUPLICATE, earlier.get().invoiceId(),
                        "El mismo archivo ya se recibió (archivo " + earlier.get().id() + ", "
                                + earlier.get().status() + ")");
                return;
            }
            if (received.stored().size() == 0) {
                quarantine.put(file, "EMPTY_FILE", "El archivo está vacío");
                return;
            }
            switch (type) {
                case XML -> loose.xmlArrived(file);
                case PDF -> loose.pdfArrived(file);
                case ZIP -> zips.arrived(file);
                case CSV -> customerMaster.arrived(file);
                default -> quarantine.put(file, "UNSUPPORTED_TYPE", "Tipo de archivo no soportado: '"
                        + received.originalName() + "' (se esperan .xml, .pdf, .zip o el maestro de clientes .csv)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] head(ReceivedFile received) throws IOException {
        try (InputStream in = store.open(received.stored().id())) {
            return in.readNBytes(64);
        }
    }
}
