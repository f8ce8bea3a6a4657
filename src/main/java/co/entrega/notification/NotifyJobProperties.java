package co.entrega.notification;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The notify-recipients job as an operator tunes it, in batch-jobs/notify-recipients/job.yaml.
 *
 * @param enabled             false stops scheduled and after-ingestion runs (an operator can still run it)
 * @param schedule            Spring cron expression (seconds first)
 * @param chunkSize           invoices per transaction
 * @param retryLimit          retries of a chunk after a transient database error
 * @param skipLimit           invoices that may fail in one run before the run fails (a skipped invoice stays
 *                            un-notified and is tried again next run)
 * @param runAfterIngestion   run soon after invoices are registered
 * @param afterIngestionDelay how soon: invoices registered within this window are notified by one run
 * @param runAtStart          one run as soon as the service is up (under the same lock as every run)
 */
@Validated
@ConfigurationProperties("entrega.jobs.notify-recipients")
public record NotifyJobProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0 */5 * * * *") String schedule,
        @Min(1) @DefaultValue("100") int chunkSize,
        @Min(0) @DefaultValue("3") int retryLimit,
        @Min(0) @DefaultValue("10") int skipLimit,
        @DefaultValue("true") boolean runAfterIngestion,
        @DefaultValue("5s") Duration afterIngestionDelay,
        @DefaultValue("false") boolean runAtStart) {
}
