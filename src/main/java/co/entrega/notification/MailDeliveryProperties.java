package co.entrega.notification;

import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Sending the outbox.
 *
 * @param from                 sender address of every email
 * @param defaultLocale        language of emails ({@code es-CO}; {@code en} available)
 * @param pollInterval         how often the outbox is checked for due messages
 * @param batchSize            messages claimed per round
 * @param senders              messages sent side by side (each SMTP send waits mostly on the network)
 * @param maxAttempts          transient SMTP failures (connection refused, 4xx) are retried up to this many attempts,
 *                             then the message is FAILED
 * @param firstRetryDelay      backoff after the first transient failure; doubles each attempt
 * @param maxRetryDelay        backoff ceiling
 * @param attachInvoice        attach the ZIP with PDF and XML to the invoice email
 * @param attachmentMaxSize    the largest ZIP attached to an invoice email, measured on the ZIP itself (DIAN's limit is
 *                             2 MB); a larger one is not attached: the email carries the link, and the email's row
 *                             says why
 * @param claimTimeout         a message claimed by an instance not known to have stopped is sent again after this long
 *                             (longer than any SMTP send); one known to have stopped releases its messages at once
 * @param messagesPerConnection an SMTP connection is closed after this many messages (relays limit them)
 * @param connectionIdleTimeout an SMTP connection unused for this long is closed
 * @param smtpTimeout          how long the relay may take to accept a connection, answer a command or take a write
 *                             (a number alone is milliseconds)
 */
@Validated
@ConfigurationProperties("entrega.mail")
public record MailDeliveryProperties(
        @NotBlank @DefaultValue("facturacion@intertec.co") String from,
        @DefaultValue("es-CO") Locale defaultLocale,
        @DefaultValue("2s") Duration pollInterval,
        @Min(1) @DefaultValue("50") int batchSize,
        @Min(1) @DefaultValue("8") int senders,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration firstRetryDelay,
        @DefaultValue("1h") Duration maxRetryDelay,
        @DefaultValue("true") boolean attachInvoice,
        @DefaultValue("2MB") DataSize attachmentMaxSize,
        @DefaultValue("5m") Duration claimTimeout,
        @Min(1) @DefaultValue("100") int messagesPerConnection,
        @DefaultValue("5s") Duration connectionIdleTimeout,
        @DefaultValue("20s") Duration smtpTimeout) {
}
