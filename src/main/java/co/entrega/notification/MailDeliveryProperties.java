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
 * @param defaultLocale        language of emails (es-CO; "en" available)
 * @param pollInterval         how often the outbox is checked for due messages
 * @param batchSize            messages claimed per round
 * @param senders              messages sent side by side (each SMTP send waits mostly on the network)
 * @param maxAttempts          transient failures are retried up to this many attempts, then FAILED
 * @param firstRetryDelay      backoff after the first transient failure; doubles each attempt
 * @param maxRetryDelay        backoff ceiling
 * @param attachInvoice        attach the ZIP with PDF and XML to the invoice email
 * @param attachmentMaxSize    past this size only the link is sent
 * @param claimTimeout         a message claimed longer than this by a sender that died is sent again
 * @param messagesPerConnection an SMTP connection is closed after this many messages (relays limit them)
 * @param connectionIdleTimeout an SMTP connection unused for this long is closed
 */
@Validated
@ConfigurationProperties("entrega.mail")
public record MailDeliveryProperties(
        @NotBlank @DefaultValue("facturacion@entrega.local") String from,
        @DefaultValue("es-CO") Locale defaultLocale,
        @DefaultValue("2s") Duration pollInterval,
        @Min(1) @DefaultValue("50") int batchSize,
        @Min(1) @DefaultValue("8") int senders,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration firstRetryDelay,
        @DefaultValue("1h") Duration maxRetryDelay,
        @DefaultValue("true") boolean attachInvoice,
        @DefaultValue("5MB") DataSize attachmentMaxSize,
        @DefaultValue("5m") Duration claimTimeout,
        @Min(1) @DefaultValue("100") int messagesPerConnection,
        @DefaultValue("5s") Duration connectionIdleTimeout) {
}
