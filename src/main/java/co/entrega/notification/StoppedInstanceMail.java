package co.entrega.notification;

import co.entrega.cluster.InstanceStopped;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The emails a stopped instance was sending go back to the queue at once, not after the claim timeout. */
@Component
class StoppedInstanceMail {

    private static final Logger log = LoggerFactory.getLogger(StoppedInstanceMail.class);

    private final MailOutbox outbox;

    StoppedInstanceMail(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void onStopped(InstanceStopped stopped) {
        int released = outbox.releaseClaimsOf(stopped.instanceId());
        if (released > 0) {
            log.warn("{} emails stopped instance {} was sending are queued again (in doubt: each may have reached"
                    + " the relay; it goes again with the same Message-ID)", released, stopped.instanceId());
        }
    }
}
