package co.entrega.ingestion;

/**
 * The reception mailbox of demonstration mode: the embedded mail catcher's own IMAP (implemented where the catcher
 * lives), read when {@code entrega.mail.inbound.uri} is unset, so a newcomer sees bounces and events handled too.
 */
public interface DemonstrationMailbox {

    /** The IMAP endpoint URI of the reception address's mailbox, credentials included. */
    String imapUri();

    /** The reception address itself. */
    String address();
}
