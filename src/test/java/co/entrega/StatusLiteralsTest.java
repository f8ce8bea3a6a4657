package co.entrega;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import co.entrega.ingestion.InboundStatus;
import co.entrega.ingestion.InvoiceStatus;
import co.entrega.ingestion.QuarantineStatus;
import co.entrega.notification.OutboxStatus;

/**
 * A status is spelled as text in one place: its enum, and the one repository whose SQL maps it to its column (where
 * the literal keeps the statement's plan on an index of the status). Everywhere else code names the enum constant.
 */
class StatusLiteralsTest {

    private static final Path SOURCES = Path.of("src/main/java/co/entrega");

    /** Each status enum and the repository whose SQL may spell its values (none: only the enum). */
    private static final Map<Class<? extends Enum<?>>, String> MAPPED_IN = Map.of(
            OutboxStatus.class, "notification/MailOutbox.java",
            InboundStatus.class, "ingestion/InboundFileRepository.java",
            InvoiceStatus.class, "",
            QuarantineStatus.class, "");

    @Test
    void aStatusIsSpelledOnlyInItsEnumAndItsRepository() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        // A name two statuses share (REGISTERED) may be spelled where either is mapped.
        Map<String, Set<String>> allowedIn = new HashMap<>();
        MAPPED_IN.forEach((type, repository) -> {
            String enumFile = type.getName().replace("co.entrega.", "").replace('.', '/') + ".java";
            for (Enum<?> value : type.getEnumConstants()) {
                Set<String> files = allowedIn.computeIfAbsent(value.name(), n -> new HashSet<>());
                files.add(enumFile);
                files.add(repository);
            }
        });
        Pattern literal = Pattern.compile("['\"](" + String.join("|", allowedIn.keySet()) + ")['\"]");
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            String file = SOURCES.relativize(source).toString();
            Matcher m = literal.matcher(Files.readString(source));
            while (m.find()) {
                if (!allowedIn.get(m.group(1)).contains(file)) {
                    violations.add(file + " spells " + m.group(1));
                }
            }
        }
        assertThat(violations).as("status literals outside their enum and its repository").isEmpty();
    }
}
