package co.entrega.ingestion;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the ERP drops its files.
 *
 * @param uri                    where the ERP drops files: a Camel endpoint URI, {@code file:} or {@code sftp:}; the
 *                               options Entrega needs (read lock, move after processing, host-key checking, ...) are
 *                               added unless the URI sets them; unset: the folder {@code inbox} under
 *                               {@code entrega.data-dir} ({@code file:<data-dir>/inbox})
 * @param pollDelay              pause between two polls of the inbox (a poll that found files polls again at once)
 * @param readLockCheckInterval  how long a file's size and date must stay unchanged before it counts as fully written
 * @param maxFilesPerPoll        bounds the work (and the directory listing kept in memory) of one poll
 * @param workers                files read and parsed at once; the files waiting for the database are decided
 *                               together, up to 100 per transaction
 * @param doneRecheckInterval    how often (and once at start-up) the {@code .done} folder is checked for processed
 *                               files that have no record; those are taken again
 * @param doneRecheckWindow      the check looks only at the {@code .done} date folders of this last stretch of time
 * @param doneRetention          {@code .done} date folders older than this are deleted (the originals stay in the
 *                               document store)
 */
@Validated
@ConfigurationProperties("entrega.inbox")
public record InboxProperties(
        // no default here: it follows entrega.data-dir, which a default value cannot refer to (see located)
        String uri,
        @DefaultValue("1s") Duration pollDelay,
        @DefaultValue("1s") Duration readLockCheckInterval,
        @Min(1) @DefaultValue("500") int maxFilesPerPoll,
        @Min(1) @DefaultValue("16") int workers,
        @DefaultValue("10m") Duration doneRecheckInterval,
        @DefaultValue("2d") Duration doneRecheckWindow,
        @DefaultValue("90d") Duration doneRetention) {

    /**
     * This inbox with its URI decided: {@link #uri} as set, or when it is unset (or blank) the folder {@code inbox}
     * under the data folder. Whatever reads {@link #uri} reads it from the located properties.
     */
    public InboxProperties located(Path dataDir) {
        if (uri != null && !uri.isBlank()) {
            return this;
        }
        return new InboxProperties("file:" + dataDir + "/inbox", pollDelay, readLockCheckInterval, maxFilesPerPoll,
                workers, doneRecheckInterval, doneRecheckWindow, doneRetention);
    }
}
