package co.entrega.operations;

import java.util.Arrays;
import java.util.Optional;

/** The console's list filters: a value from the query string (?estado=FAILED) is one of its enum's, or none. */
final class ConsoleFilters {

    private ConsoleFilters() {
    }

    /** The value of this name, if it is one (anything else shows all). */
    static <E extends Enum<E>> Optional<E> named(E[] values, String name) {
        return Arrays.stream(values).filter(value -> value.name().equals(name)).findFirst();
    }
}
