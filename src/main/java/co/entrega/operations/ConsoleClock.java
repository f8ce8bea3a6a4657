package co.entrega.operations;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

/** The time the console's second factors are given and checked at (a test moves it past the step-up window). */
@Component
class ConsoleClock {

    private final Clock clock;

    ConsoleClock() {
        this(Clock.systemUTC());
    }

    ConsoleClock(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.instant();
    }
}
