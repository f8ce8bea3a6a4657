package co.entrega.evidence;

import java.util.EnumMap;
import java.util.Map;

import co.entrega.ingestion.BuyerEventCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Counter {@code entrega.buyer.events{code=030|...|034}}: events recorded, counted once their transaction commits. */
@Component
class BuyerEventCounters {

    private final Map<BuyerEventCode, Counter> counters = new EnumMap<>(BuyerEventCode.class);

    BuyerEventCounters(MeterRegistry registry) {
        for (BuyerEventCode code : BuyerEventCode.values()) {
            counters.put(code, Counter.builder("entrega.buyer.events")
                    .description("Buyer's RADIAN events recorded against their invoice, by event code")
                    .tag("code", code.code())
                    .register(registry));
        }
    }

    /** A rolled-back decision (the database down, a race) records nothing, so counts nothing. */
    void countWhenCommitted(BuyerEventCode code) {
        Counter counter = counters.get(code);
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
