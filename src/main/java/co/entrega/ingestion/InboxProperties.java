package co.entrega.ingestion;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the ERP drops its files.
 *
 * @param uri                    Camel endpoint URI, {@code file:} or {@code sftp:}; the options Entrega needs (read lock,
 *                               move after processing, host-key checking, ...) are added unless the URI sets them
 * @param pollDelay              pause between two polls of the inbox
 * @param readLockCheckInterval  how long a file's size and date must stay unchanged before it counts as fully written
 * @param maxFilesPerPoll        bounds the work (and the directory listing kept in memory) of one poll
 * @param doneRecheckInterval    how often (and once at start-up) the {@code .done} folder is checked for processed
 *                               files that have no {@code inbound_files} row (see {@link DoneFolderAudit})
 * @param doneRecheckWindow      the check looks only at the {@code .done} date folders of this last stretch of time
 * @param doneRetention          {@code .done} date folders older than this are deleted (the originals stay in the
 *                               document store)
 */
@Validated
@ConfigurationProperties("entrega.inbox")
public record InboxProperties(
        @NotBlank @DefaultValue("file:data/inbox") String uri,
        @DefaultValue("1s") Duration pollDelay,
        @DefaultValue("1s") Duration readLockCheckInterval,
        @Min(1) @DefaultValue("500") int maxFilesPerPoll,
        @DefaultValue("10m") Duration doneRecheckInterval,
        @DefaultValue("2d") Duration doneRecheckWindow,
        @DefaultValue("90d") Duration doneRetention) {
}
