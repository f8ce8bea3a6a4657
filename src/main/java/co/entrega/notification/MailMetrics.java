package co.entrega.notification;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counter {@code entrega.mail.messages{kind, outcome=sent|failed|retried|bounced}}. */
@Component
class MailMetrics {

    private final MeterRegistry registry;

    MailMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MailKind kind : MailKind.values()) {
            for (String outcome : new String[] {"sent", "failed", "retried", "bounced"}) {
                counter(kind, outcome);
            }
        }
    }

    void count(MailKind kind, String outcome) {
        counter(kind, outcome).increment();
    }

    private Counter counter(MailKind kind, String outcome) {
        return registry.counter("entrega.mail.messages", "kind", kind.name().toLowerCase(Locale.ROOT),
                "outcome", outcome);
    }
}
