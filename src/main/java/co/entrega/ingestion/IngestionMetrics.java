package co.entrega.ingestion;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counter {@code entrega.ingestion.files{outcome=registered|duplicate|recorded|quarantined}}: one per file, when final; counter
 * {@code entrega.ingestion.recovered.files}: files found in {@code .done} with no row, taken again (DoneFolderAudit).
 */
@Component
class IngestionMetrics {

    private final Map<InboundStatus, Counter> counters = new EnumMap<>(InboundStatus.class);
    private final Counter recovered;
    private final DistributionSummary filesPerTransaction;

    IngestionMetrics(MeterRegistry registry) {
        for (InboundStatus status : InboundStatus.values()) {
            if (status.isFinal()) {
                counters.put(status, Counter.builder("entrega.ingestion.files")
                        .description("Files taken from the inbox, by final outcome")
                        .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
        }
        recovered = Counter.builder("entrega.ingestion.recovered.files")
                .description("Processed files found in the inbox's .done folder with no inbound_files row, taken again")
                .register(registry);
        filesPerTransaction = DistributionSummary
                .builder("entrega.ingestion.files.per.transaction")
                .description("Inbox files decided together in one transaction (InboxDecisions)")
                .register(registry);
    }

    void countTransaction(int files) {
        filesPerTransaction.record(files);
    }

    /** A file of {@code .done} with no row went through ingestion again (its own outcome is counted as usual). */
    void countRecovered() {
        recovered.increment();
    }

    /** Counts the outcome only if the surrounding transaction commits, so a rolled-back attempt is not counted. */
    void countWhenCommitted(InboundStatus status) {
        Counter counter = counters.get(status);
        if (counter == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment();
                }
            });
        } else {
            counter.increment();
        }
    }
}
