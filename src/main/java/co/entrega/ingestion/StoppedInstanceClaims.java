package co.entrega.ingestion;

import co.entrega.cluster.InstanceStopped;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The inbox claims of an instance that stopped are released at once: its files are taken again on the next poll. */
@Component
class StoppedInstanceClaims {

    private static final Logger log = LoggerFactory.getLogger(StoppedInstanceClaims.class);

    private final InboxClaims claims;

    StoppedInstanceClaims(InboxClaims inboxReadLockRepository) {
        this.claims = inboxReadLockRepository;
    }

    @EventListener
    void onStopped(InstanceStopped stopped) {
        int released = claims.releaseAllOf(stopped.instanceId());
        if (released > 0) {
            log.warn("Released {} inbox claims of stopped instance {}", released, stopped.instanceId());
        }
    }
}
