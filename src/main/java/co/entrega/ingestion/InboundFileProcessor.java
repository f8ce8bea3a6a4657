package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
 * Decides what a received file becomes: the inbound record, the invoice or customers it registers, or its quarantine
 * entry are committed together or not at all. A failure (database down) rolls back and the route leaves the file in
 * the inbox, to be taken again. Parsing happens before the transaction ({@link #prepare}), and several files can be
 * decided in one transaction ({@link #decide}).
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
    private final UblParsing parsing;
    private final MailArrival mails;
    private final ReceivedMailReader mailReader;

    InboundFileProcessor(TransactionTemplate transaction, DocumentStore store, InboundFileRepository files,
                         Quarantine quarantine, LoosePairing loose, ZipArrival zips,
                         CustomerMasterArrival customerMaster, UblParsing parsing, MailArrival mails,
                         IngestionProperties limits) {
        this.transaction = transaction;
        this.store = store;
        this.files = files;
        this.quarantine = quarantine;
        this.loose = loose;
        this.zips = zips;
        this.customerMaster = customerMaster;
        this.parsing = parsing;
        this.mails = mails;
        this.mailReader = new ReceivedMailReader(store, Math.max(limits.maxXmlSize().toBytes(),
                limits.maxZipExtracted().toBytes()));
    }

    /** Prepares and decides one file in its own transaction (quarantine reprocessing). */
    void process(ReceivedFile received) {
        PreparedFile prepared;
        try {
            prepared = prepare(received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        decideAlone(prepared);
    }

    /**
     * The file's work that needs no database (type, unpacking, parsing), done by the inbox's workers side by side.
     * Nothing here depends on what other files decided: the decision reads the database in its transaction.
     */
    PreparedFile prepare(ReceivedFile received) throws IOException {
        InboundFileType type = InboundFileType.detect(received.originalName(), head(received));
        if (received.stored().size() == 0) {
            return new PreparedFile(received, type, null, null, null);
        }
        try {
            return switch (type) {
                case XML -> new PreparedFile(received, type,
                        parsing.tryParse(received.stored().id(), received.originalName()), null, null);
                case ZIP -> new PreparedFile(received, type, null, zips.read(received.stored().id()), null);
                case EMAIL -> new PreparedFile(received, type, null, null, readMail(received), null);
                default -> new PreparedFile(received, type, null, null, null);
            };
        } catch (UncheckedIOException diskTrouble) {
            throw diskTrouble;
        } catch (RuntimeException bug) {
            return new PreparedFile(received, type, null, null, bug);
        }
    }

    /**
     * Decides several prepared files in one transaction: one commit (on H2, one write of the store's changed pages)
     * instead of one per file. If any of them fails, the transaction rolls back and each is decided on its own, so
     * a file that cannot be decided now (a race, a bug, the database down) affects no other.
     *
     * @return per file, in order: null when it is decided and committed, else the failure that leaves it in the inbox
     */
    List<RuntimeException> decide(List<PreparedFile> batch) {
        List<RuntimeException> outcomes = new ArrayList<>(batch.size());
        if (batch.size() > 1) {
            try {
                transaction.executeWithoutResult(status -> batch.forEach(this::decideInTransaction));
                batch.forEach(file -> outcomes.add(null));
                return outcomes;
            } catch (RuntimeException together) {
                log.debug("Deciding {} files together failed ({}); deciding each on its own", batch.size(),
                        together.toString());
            }
        }
        for (PreparedFile file : batch) {
            try {
                decideAlone(file);
                outcomes.add(null);
            } catch (RuntimeException failure) {
                outcomes.add(failure);
            }
        }
        return outcomes;
    }

    private void decideAlone(PreparedFile prepared) {
        ReceivedFile received = prepared.received();
        try {
            transaction.executeWithoutResult(status -> decideInTransaction(prepared));
        } catch (DuplicateKeyException raced) {
            // Another instance registered the same CUFE or customer between our read and our insert: once more,
            // now it is a plain duplicate.
            transaction.executeWithoutResult(status -> decideInTransaction(prepared));
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

    /** A message from the reception mailbox, and each of its XML and ZIP attachments prepared like an inbox file. */
    private MailArrival.Contents readMail(ReceivedFile received) throws IOException {
        ReceivedMail mail;
        try (InputStream in = store.open(received.stored().id())) {
            mail = mailReader.read(in);
        }
        List<PreparedFile> attachments = new ArrayList<>();
        for (ReceivedMail.Attachment attachment : mail.attachments()) {
            attachments.add(prepare(new ReceivedFile(attachment.name(),
                    MailArrival.ATTACHMENT_SOURCE + "'" + received.originalName() + "'", attachment.stored())));
        }
        return new MailArrival.Contents(mail, attachments);
    }

    private InboundFile decideInTransaction(PreparedFile prepared) {
        ReceivedFile received = prepared.received();
        try {
            InboundFileType type = prepared.type();
            InboundFile file = files.insert(received, type);
            // The very same file again (same name, same bytes): an ERP re-sending it, or this service taking it a
            // second time because it stopped between recording it and moving it out of the inbox. For a loose XML or
            // PDF that matters: a second copy would wait for a partner that has already paired with the first.
            Optional<InboundFileRepository.EarlierCopy> earlier = files.findEarlierCopy(file, received.stored().sha256());
            if (earlier.isPresent()) {
                files.complete(file.id(), InboundStatus.DUPLICATE, earlier.get().invoiceId(),
                        "El mismo archivo ya se recibió (archivo " + earlier.get().id() + ", "
                                + earlier.get().status() + ")");
                return file;
            }
            if (received.stored().size() == 0) {
                quarantine.put(file, "EMPTY_FILE", "El archivo está vacío");
                return file;
            }
            if (prepared.bug() != null) {
                throw prepared.bug();
            }
            if (received.source().startsWith(MailArrival.ATTACHMENT_SOURCE) && carriesInvoice(prepared)) {
                quarantine.put(file, "MAIL_INVOICE_NOT_EXPECTED", "El adjunto '" + received.originalName()
                        + "' del correo es una factura o nota, no un evento del comprador: el buzón de recepción no"
                        + " registra facturas; si es de este emisor, déjela en la bandeja de entrada");
                return file;
            }
            switch (type) {
                case XML -> loose.xmlArrived(file, prepared.xml());
                case EMAIL -> mails.arrived(file, prepared.mail(), this::decideInTransaction);
                case PDF -> loose.pdfArrived(file);
                case ZIP -> zips.arrived(file, prepared.zip());
                case CSV -> customerMaster.arrived(file);
                default -> quarantine.put(file, "UNSUPPORTED_TYPE", "Tipo de archivo no soportado: '"
                        + received.originalName() + "' (se esperan .xml, .pdf, .zip o el maestro de clientes .csv)");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean carriesInvoice(PreparedFile prepared) {
        return prepared.xml() != null && prepared.xml().doc() != null
                || prepared.zip() != null && prepared.zip().doc() != null;
    }

    private byte[] head(ReceivedFile received) throws IOException {
        try (InputStream in = store.open(received.stored().id())) {
            return in.readNBytes(64);
        }
    }
}
