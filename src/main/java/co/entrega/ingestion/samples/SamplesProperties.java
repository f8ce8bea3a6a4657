package co.entrega.ingestion.samples;

import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sample invoices for a first look at the embedded default.
 *
 * @param seedOnStart drop sample invoices into a folder inbox on the first start (a marker file in the data dir
 *                    remembers it)
 * @param count       how many sample invoices
 */
@Validated
@ConfigurationProperties("entrega.samples")
public record SamplesProperties(
        @DefaultValue("true") boolean seedOnStart,
        @PositiveOrZero @DefaultValue("6") int count) {
}
