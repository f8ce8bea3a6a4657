package co.entrega.notification;

/** Where an outbox email stands; the column {@code mail_outbox.status} holds the name. */
public enum OutboxStatus {
    /** Waiting to be sent (a retry waiting out its delay too). */
    PENDING,
    /** Claimed by an instance that is sending it. */
    SENDING,
    /** Accepted by the SMTP relay. */
    SENT,
    /** Refused for good, or out of retries: waits for an operator's resend. */
    FAILED,
    /** Accepted by the relay, then returned: a delivery report from the recipient's side says it was not delivered. */
    BOUNCED,
    /** Not sent because a newer email replaced it (reissued credentials, a password chosen since). */
    SUPERSEDED;

    /** Whether an operator may send it again. */
    public boolean resendable() {
        return this == FAILED || this == BOUNCED;
    }
}
