package co.entrega.ingestion;

import java.io.IOException;
import java.io.InputStream;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.DurableCommits;
import co.entrega.storage.StoredDocument;

import org.apache.camel.Exchange;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bean the route {@code ingestion-poll-inbox} hands every file to. It first copies the bytes, streaming, into
 * the document store (so the original is kept whatever happens next), then lets the processor decide, and returns
 * (letting Camel move the file out of the inbox) only once the decision is durable.
 */
@Component("inboxIntake")
public class InboxIntake {

    private static final Logger log = LoggerFactory.getLogger(InboxIntake.class);

    private final DocumentStore store;
    private final InboundFileProcessor processor;
    private final DurableCommits durable;

    InboxIntake(DocumentStore store, InboundFileProcessor processor, DurableCommits durable) {
        this.store = store;
        this.processor = processor;
        this.durable = durable;
    }

    public void accept(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String source = URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointBaseUri());
        StoredDocument stored;
        try (InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            stored = store.put(body);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("cannot read " + name, e);
        }
        log.info("Received '{}' ({} bytes, sha256 {}) from {}", name, stored.size(), stored.sha256(), source);
        processor.process(new ReceivedFile(name, source, stored));
        // Camel moves the file out of the inbox when this returns: only once what was decided is on disk.
        durable.awaitDurable();
    }
}
