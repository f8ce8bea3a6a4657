package co.entrega.ingestion;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The safety net for processed files with no record: the inbox moves a file to {@code .done} only after its
 * {@code inbound_files} row was committed, so a file in {@code .done} whose row is missing lost its commit (a power
 * loss, a database that acknowledged the commit before writing it). Route {@code ingestion-done-audit} lists
 * {@code .done} soon after start-up and every {@code entrega.inbox.done-recheck-interval} (endpoint
 * {@link InboxEndpointUri#doneAudit}); as its filter this bean lets through the date folders within
 * {@code done-recheck-window} and, in them, the files that have no row; {@link #recover} puts each through ingestion
 * again, where it stays: its new row records its current done name, so the next audit passes it by. Taking a file
 * again is safe: the same name and bytes, or the same CUFE, are recognised as such.
 */
@Component(DoneFolderAudit.BEAN)
public class DoneFolderAudit implements GenericFileFilter<Object> {

    static final String BEAN = "doneFolderAudit";

    private static final Logger log = LoggerFactory.getLogger(DoneFolderAudit.class);
    private static final String CLAIM_PREFIX = "done-audit:";

    private final InboundFileRepository files;
    private final InboxIntake intake;
    private final InboxClaims claims;
    private final IngestionMetrics metrics;
    private final Duration window;
    /** Read at the first listing (the schema is not there when this bean is made). */
    private volatile LocalDate lastRecordedBeforeStart;

    DoneFolderAudit(InboundFileRepository files, InboxIntake intake, InboxClaims inboxReadLockRepository,
                    IngestionMetrics metrics, InboxProperties inbox) {
        this.files = files;
        this.intake = intake;
        this.claims = inboxReadLockRepository;
        this.metrics = metrics;
        this.window = inbox.doneRecheckWindow();
    }

    /**
     * Called by the consumer for each folder and file it lists: a date folder is listed only within the window, a file
     * becomes an exchange only if it has no row.
     */
    @Override
    public boolean accept(GenericFile<Object> file) {
        String relative = DoneFolderDates.relativePath(file);
        Optional<LocalDate> date = DoneFolderDates.dateOf(relative);
        if (date.isEmpty() || date.get().isBefore(oldestDateToCheck())) {
            return false;
        }
        if (file.isDirectory()) {
            return true;
        }
        return relative.indexOf('/') > 0 && !isRecorded(relative);
    }

    /** A file of {@code .done} with no row: through ingestion again, left where it is. */
    public void recover(Exchange exchange) throws IOException, InterruptedException {
        String doneName = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        String claim = InboundFileRepository.truncate(CLAIM_PREFIX + doneName, 1000);
        // Several instances audit the same .done (all of them right after a power loss): one takes each file.
        if (!claims.add(claim)) {
            log.debug("'{}/{}' is being taken again by another instance", InboxEndpointUri.DONE_FOLDER, doneName);
            return;
        }
        try {
            if (isRecorded(doneName)) {
                return; // taken again by another instance between our listing and our claim
            }
            String originalName = DoneFolderDates.originalName(doneName);
            log.warn("'{}/{}' was processed but has no record in inbound_files (its commit was lost): taking it again "
                    + "as '{}'", InboxEndpointUri.DONE_FOLDER, doneName, originalName);
            exchange.getMessage().setHeader(Exchange.FILE_NAME, originalName);
            exchange.getMessage().setHeader(InboxIntake.DONE_NAME_HEADER, doneName);
            intake.accept(exchange);
            metrics.countRecovered();
        } finally {
            claims.remove(claim);
        }
    }

    /**
     * The window, or further back to the day before the last file recorded before this process started: after an
     * outage longer than the window (a power loss on Friday, the machine back on Monday), the day of the crash is
     * still looked at.
     */
    private LocalDate oldestDateToCheck() {
        LocalDate byWindow = LocalDateTime.now().minus(window).toLocalDate();
        LocalDate lastBeforeStart = lastRecordedBeforeStart;
        if (lastBeforeStart == null) {
            lastBeforeStart = files.lastReceivedDate().map(day -> day.minusDays(1)).orElse(LocalDate.MAX);
            lastRecordedBeforeStart = lastBeforeStart;
        }
        return lastBeforeStart.isBefore(byWindow) ? lastBeforeStart : byWindow;
    }

    private boolean isRecorded(String doneName) {
        return files.isRecorded(doneName, DoneFolderDates.originalName(doneName),
                DoneFolderDates.dateOf(doneName).orElseThrow());
    }
}
