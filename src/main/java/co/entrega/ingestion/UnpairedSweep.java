package co.entrega.ingestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles loose files: pairs an XML and a PDF that both wait (they arrived together on two workers, or on two
 * instances, and missed each other), and settles those that waited longer than pair-wait. Called by the route
 * {@code ingestion-sweep-unpaired};
 * each file is claimed and settled in its own transaction, so instances sweeping together never settle one twice.
 */
@Component("unpairedSweep")
public class UnpairedSweep {

    private static final int BATCH = 200;

    private final InboundFileRepository files;
    private final LoosePairing pairing;
    private final TransactionTemplate transaction;
    private final IngestionProperties properties;

    UnpairedSweep(InboundFileRepository files, LoosePairing pairing, TransactionTemplate transaction,
                  IngestionProperties properties) {
        this.files = files;
        this.pairing = pairing;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** @return how many files were settled */
    public int sweep() {
        int settled = 0;
        List<InboundFile> missed;
        do {
            missed = files.findWaitingXmlWithWaitingPdf(BATCH);
            for (InboundFile xml : missed) {
                Boolean done = transaction.execute(status -> settle(xml, true));
                settled += Boolean.TRUE.equals(done) ? 1 : 0;
            }
        } while (missed.size() == BATCH);
        List<InboundFile> expired;
        do {
            OffsetDateTime cutoff = InboundFileRepository.now().minus(properties.pairWait());
            expired = files.findWaitingReceivedBefore(cutoff, BATCH);
            for (InboundFile file : expired) {
                Boolean done = transaction.execute(status -> settle(file, false));
                settled += Boolean.TRUE.equals(done) ? 1 : 0;
            }
        } while (expired.size() == BATCH);
        return settled;
    }

    private boolean settle(InboundFile file, boolean pairOnly) {
        if (!files.claim(file.id())) {
            return false; // settled meanwhile, by its partner's arrival or another instance
        }
        try {
            if (pairOnly) {
                pairing.pairNow(file);
            } else {
                pairing.expire(file);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
