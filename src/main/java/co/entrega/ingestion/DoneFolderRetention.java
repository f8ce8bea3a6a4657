package co.entrega.ingestion;

import java.io.File;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the inbox's {@code .done} folder from growing forever: route {@code ingestion-done-retention} (endpoint
 * {@link InboxEndpointUri#doneRetention}, {@code delete=true}) deletes the files of the date folders older than
 * {@code entrega.inbox.done-retention}; as its filter this bean lets through only those folders and their files, so the
 * folders kept are not even listed. The originals stay in the document store, each pointed at by its row.
 * <p>
 * Camel's consumers delete files, not folders. On a folder inbox this filter removes an expired date folder once it is
 * empty (the poll after its files were deleted); Camel's SFTP/FTP operations have no way to remove a folder, so over
 * SFTP the emptied date folders stay, empty, for the server's own housekeeping (or an operator) to remove.
 */
@Component(DoneFolderRetention.BEAN)
public class DoneFolderRetention implements GenericFileFilter<Object> {

    static final String BEAN = "doneFolderRetention";

    private static final Logger log = LoggerFactory.getLogger(DoneFolderRetention.class);

    private final Duration retention;

    DoneFolderRetention(InboxProperties inbox) {
        this.retention = inbox.doneRetention();
    }

    /** The first day kept: a date folder before it is entirely older than the retention. */
    LocalDate keptFrom() {
        return LocalDateTime.now().minus(retention).toLocalDate();
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        String relative = DoneFolderDates.relativePath(file);
        Optional<LocalDate> date = DoneFolderDates.dateOf(relative);
        if (date.isEmpty() || !date.get().isBefore(keptFrom())) {
            return false;
        }
        if (file.isDirectory()) {
            if (file.getFile() instanceof File folder && isEmpty(folder)) {
                if (folder.delete()) {
                    log.info("Deleted the empty folder '{}/{}' (older than {})", InboxEndpointUri.DONE_FOLDER,
                            relative, retention);
                }
                return false;
            }
            return true;
        }
        return relative.indexOf('/') > 0;
    }

    /** The exchange of a file about to be deleted (the consumer deletes it once this returns). */
    public void deleting(Exchange exchange) {
        log.debug("Deleting '{}/{}' (older than {})", InboxEndpointUri.DONE_FOLDER,
                exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class), retention);
        if (Boolean.TRUE.equals(exchange.getProperty(Exchange.BATCH_COMPLETE, Boolean.class))) {
            log.info("Deleting {} files of the {} date folders before {} (older than {})",
                    exchange.getProperty(Exchange.BATCH_SIZE), InboxEndpointUri.DONE_FOLDER, keptFrom(), retention);
        }
    }

    private static boolean isEmpty(File folder) {
        String[] entries = folder.list();
        return entries != null && entries.length == 0;
    }
}
