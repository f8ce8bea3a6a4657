package co.entrega.ingestion;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Counter {@code entrega.ingestion.files{outcome=registered|duplicate|quarantined}}: one per file, when final. */
@Component
class IngestionMetrics {

    private final Map<InboundStatus, Counter> counters = new EnumMap<>(InboundStatus.class);

    IngestionMetrics(MeterRegistry registry) {
        for (InboundStatus status : InboundStatus.values()) {
            if (status.isFinal()) {
                counters.put(status, Counter.builder("entrega.ingestion.files")
                        .description("Files taken from the inbox, by final outcome")
                        .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
        }
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
