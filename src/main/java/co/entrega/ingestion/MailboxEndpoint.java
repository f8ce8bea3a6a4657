package co.entrega.ingestion;

import java.util.Locale;
import java.util.Set;

/**
 * The endpoint the route {@code ingestion-mailbox} consumes: {@code entrega.mail.inbound.uri} with the options
 * Entrega relies on added when the URI does not set them, or the demonstration mailbox, or nothing (the route does not
 * start).
 * <ul>
 * <li>{@code mapMailMessage=false}: the route gets the message itself, to keep its bytes as received.</li>
 * <li>{@code delay}: {@code entrega.mail.inbound.poll-interval}.</li>
 * <li>{@code maxMessagesPerPoll=100}: a mailbox with years of mail is read a hundred at a time.</li>
 * <li>Camel Mail's defaults are kept on purpose: {@code peek=true} (a message is marked read only once the route
 * has finished with it), {@code unseen=true} (IMAP: only unread messages), {@code delete=false} (nothing is
 * removed from the issuer's mailbox).</li>
 * </ul>
 */
final class MailboxEndpoint {

    /** The Camel property the route reads for its endpoint. */
    static final String PROPERTY = "entrega.mail.inbound.endpoint";
    /** "true" when there is a mailbox to read (the route's autoStartup). */
    static final String ENABLED_PROPERTY = "entrega.mail.inbound.enabled";
    /** What the route is given when there is no mailbox: a valid endpoint it never starts. */
    static final String OFF = "timer:ingestion-mailbox-off?repeatCount=1";

    private static final Set<String> SCHEMES = Set.of("imap", "imaps", "pop3", "pop3s");

    private MailboxEndpoint() {
    }

    /** @param demonstration the demonstration mailbox's URI, or null outside demonstration mode */
    static String effective(MailboxProperties mailbox, String demonstration) {
        String uri = mailbox.configured() ? mailbox.uri().trim() : demonstration;
        if (uri == null || uri.isBlank()) {
            return OFF;
        }
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalStateException("entrega.mail.inbound.uri must be an imap:, imaps:, pop3: or pop3s: "
                    + "endpoint URI, not '" + scheme + ":...'");
        }
        StringBuilder effective = new StringBuilder(uri);
        add(effective, "mapMailMessage", "false");
        add(effective, "delay", Long.toString(mailbox.pollInterval().toMillis()));
        add(effective, "maxMessagesPerPoll", "100");
        return effective.toString();
    }

    private static void add(StringBuilder uri, String option, String value) {
        String query = uri.indexOf("?") < 0 ? "" : uri.substring(uri.indexOf("?") + 1);
        for (String pair : query.split("&")) {
            if (pair.split("=", 2)[0].equals(option)) {
                return;
            }
        }
        uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(option).append('=').append(value);
    }
}
