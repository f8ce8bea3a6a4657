package co.entrega.ingestion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Puts a file aside with a reason an operator can act on. Its original bytes stay in the document store. */
@Component
class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final QuarantineRepository quarantine;
    private final InboundFileRepository files;

    Quarantine(QuarantineRepository quarantine, InboundFileRepository files) {
        this.quarantine = quarantine;
        this.files = files;
    }

    void put(InboundFile file, String reasonCode, String reason) {
        quarantine.insert(file.id(), reasonCode, reason);
        files.complete(file.id(), InboundStatus.QUARANTINED, null, reason);
        log.warn("Quarantined '{}' (inbound file {}): [{}] {}", file.originalName(), file.id(), reasonCode, reason);
    }
}
