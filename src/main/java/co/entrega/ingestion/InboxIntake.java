package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.StoredDocument;

/**
 * The bean the route {@code ingestion-poll-inbox} hands every file to. It first copies the bytes, streaming, into
 * the document store (so the original is kept whatever happens next), prepares it (parsing), then has it decided with
 * the other files waiting (InboxDecisions), and returns (letting Camel move the file out of the inbox) only once the
 * decision is durable.
 */
@Component("inboxIntake")
public class InboxIntake {

    private static final Logger log = LoggerFactory.getLogger(InboxIntake.class);

    /**
     * The file's place in the inbox's {@code .done} folder, {@code <yyyyMMdd>/<HHmmssSSS>-<name>}: decided here,
     * recorded with the file's row, and where the endpoint's {@code move} puts the file (see InboxEndpointUri). A
     * file the {@code .done} audit takes again comes with it set: it stays where it is.
     */
    public static final String DONE_NAME_HEADER = "EntregaDoneName";
    private static final DateTimeFormatter DONE_NAME = DateTimeFormatter.ofPattern("yyyyMMdd/HHmmssSSS");

    private final DocumentStore store;
    private final InboundFileProcessor processor;
    private final InboxDecisions decisions;

    InboxIntake(DocumentStore store, InboundFileProcessor processor, InboxDecisions decisions) {
        this.store = store;
        this.processor = processor;
        this.decisions = decisions;
    }

    public void accept(Exchange exchange) throws IOException, InterruptedException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String doneName = doneName(exchange, name);
        String source = URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointBaseUri());
        StoredDocument stored;
        try (InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            stored = store.put(body);
        } catch (InvalidPayloadException e) {
            throw new IOException("cannot read " + name, e);
        }
        log.info("Received '{}' ({} bytes, sha256 {}) from {}", name, stored.size(), stored.sha256(), source);
        PreparedFile prepared = processor.prepare(new ReceivedFile(name, source, stored, doneName));
        // Camel moves the file out of the inbox when this returns: only once what was decided is on disk.
        decisions.decide(prepared);
    }

    /** The done name of the exchange's file: the one it came with (a redelivery, the audit), else a new one. */
    private static String doneName(Exchange exchange, String name) {
        String doneName = exchange.getMessage().getHeader(DONE_NAME_HEADER, String.class);
        if (doneName == null) {
            doneName = LocalDateTime.now().format(DONE_NAME) + "-" + name;
            exchange.getMessage().setHeader(DONE_NAME_HEADER, doneName);
        }
        return doneName;
    }
}
