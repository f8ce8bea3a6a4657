package co.entrega;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table has one owning feature package, named in its {@code package-info.java} ("Owns: ..."). Only the owner's
 * SQL names the table; another package reads it only where its own package-info declares the read ("Reads: ...",
 * each with its reason), and never writes it.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/co/entrega");
    private static final Pattern WRITE = Pattern.compile("\\b(?:INSERT INTO|UPDATE|DELETE FROM|MERGE INTO)\\s+(\\w+)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern READ = Pattern.compile("\\b(?:FROM|JOIN)\\s+(\\w+)\\b", Pattern.CASE_INSENSITIVE);
    /** Text blocks and string literals: the SQL, without the comments around it. */
    private static final Pattern STRINGS = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"",
            Pattern.DOTALL);
    private static final Pattern TABLES = Pattern.compile("\\{@code ([a-z_]+)}");

    @Test
    void onlyTheOwnerWritesATableAndOthersReadOnlyWhatTheyDeclare() throws IOException {
        Map<String, String> ownerOf = new HashMap<>();
        Map<String, Set<String>> declaredReads = new HashMap<>();
        for (Path info : packageInfos()) {
            String feature = feature(info);
            String text = Files.readString(info);
            for (String table : tablesOnLine(text, "Owns:")) {
                assertThat(ownerOf.put(table, feature)).as("%s is owned twice", table).isNull();
            }
            declaredReads.put(feature, tablesOnLine(text, "Reads:"));
        }

        List<String> violations = new ArrayList<>();
        for (Path source : javaSources()) {
            String feature = feature(source);
            String code = strings(Files.readString(source));
            check(code, WRITE, source, feature, ownerOf, Set.of(), "writes", violations);
            String reads = WRITE.matcher(code).replaceAll(" ");
            check(reads, READ, source, feature, ownerOf, declaredReads.getOrDefault(feature, Set.of()), "reads",
                    violations);
        }
        assertThat(violations).as("SQL that names another package's table").isEmpty();
    }

    private static void check(String code, Pattern statement, Path source, String feature, Map<String, String> ownerOf,
                              Set<String> allowed, String verb, List<String> violations) {
        Matcher m = statement.matcher(code);
        while (m.find()) {
            String table = m.group(1).toLowerCase(Locale.ROOT);
            String owner = ownerOf.get(table);
            if (owner != null && !owner.equals(feature) && !allowed.contains(table)) {
                violations.add(SOURCES.relativize(source) + " " + verb + " " + table + ", owned by " + owner);
            }
        }
    }

    private static String strings(String code) {
        StringBuilder sql = new StringBuilder();
        Matcher m = STRINGS.matcher(code);
        while (m.find()) {
            sql.append(m.group(1) != null ? m.group(1) : m.group(2)).append('\n');
        }
        return sql.toString();
    }

    /** The {@code tables} named on the Javadoc paragraph that starts with the label, up to the next paragraph. */
    private static Set<String> tablesOnLine(String packageInfo, String label) {
        Set<String> tables = new LinkedHashSet<>();
        int at = packageInfo.indexOf(label);
        if (at < 0) {
            return tables;
        }
        int end = packageInfo.indexOf("<p>", at);
        String paragraph = packageInfo.substring(at, end < 0 ? packageInfo.indexOf("*/", at) : end);
        // In "Reads:", a table is the first code word of each item: "{@code invoices} (why ...)".
        Matcher m = TABLES.matcher(paragraph);
        while (m.find()) {
            tables.add(m.group(1));
        }
        return tables;
    }

    private static String feature(Path file) {
        return SOURCES.relativize(file).getName(0).toString();
    }

    private static List<Path> packageInfos() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(Files::isDirectory).map(dir -> dir.resolve("package-info.java")).peek(info ->
                    assertThat(info).as("every feature package says which tables it owns").exists()).toList();
        }
    }

    private static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java") && f.getParent() != SOURCES
                    && !f.getParent().equals(SOURCES)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
