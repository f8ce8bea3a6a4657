package co.entrega.ingestion;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The issuer's reception mailbox, read for bounces, automatic replies and the buyers' electronic events.
 *
 * @param uri          a Camel Mail endpoint URI for the reception address's mailbox: {@code
 *                     imaps://host:993?username=...&password=...} ({@code imap:}, {@code imaps:}, {@code pop3s:}; {@code pop3} needs
 *                     {@code delete=true}, it cannot mark a message read); unset: off, except in demonstration mode,
 *                     where the embedded mail catcher's own mailbox for {@code entrega.mail.from} is read
 * @param pollInterval pause between two reads of the mailbox, unless the URI sets {@code delay}
 * @param maxSize      a message larger than this is quarantined with its headers only ({@code MAIL_TOO_LARGE}); it
 *                     stays in the mailbox; a message read is held in memory once
 */
@Validated
@ConfigurationProperties("entrega.mail.inbound")
public record MailboxProperties(
        String uri,
        @DefaultValue("1m") Duration pollInterval,
        @DefaultValue("25MB") DataSize maxSize) {

    public boolean configured() {
        return uri != null && !uri.isBlank();
    }
}
