package co.entrega;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import co.entrega.storage.StorageProperties;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md is generated from the configuration metadata the build writes (spring-boot-configuration-
 * processor: the {@code @ConfigurationProperties} records' {@code @DefaultValue}s and Javadoc), so the reference cannot
 * drift from the code. Everything above {@link #MARKER} is hand-written and kept; the table below it is checked, and
 * rewritten with {@code -Dentrega.docs.write=true}. No Spring context: it reads files only.
 */
class ConfigurationReferenceTest {

    static final Path REFERENCE = Path.of("docs", "configuration.md");
    static final String MARKER = "<!-- Generated from the configuration metadata by ConfigurationReferenceTest: do not"
            + " edit below this line. -->";
    static final String REGENERATE = "./mvnw -o test-compile surefire:test -Dtest=ConfigurationReferenceTest"
            + " -Dentrega.docs.write=true";

    /** Set in config/application.yaml although equal to the default, for a reason its comment gives. */
    static final List<String> REPEATED_ON_PURPOSE = List.of("entrega.data-dir");

    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|link|literal) ([^}]*)}");

    @Test
    void theReferenceIsTheMetadataRendered() throws IOException {
        String current = Files.readString(REFERENCE);
        int marker = current.indexOf(MARKER);
        assertThat(marker).as("%s keeps its hand-written preamble above the line%n%s", REFERENCE, MARKER)
                .isNotNegative();
        String expected = current.substring(0, marker) + MARKER + "\n\n" + table(entregaProperties());
        if (Boolean.getBoolean("entrega.docs.write")) {
            Files.writeString(REFERENCE, expected);
            return;
        }
        if (!current.equals(expected)) {
            fail("%s is not what the configuration metadata gives (%s); regenerate it with%n%s", REFERENCE,
                    firstDifference(current, expected), REGENERATE);
        }
    }

    private static String firstDifference(String current, String expected) {
        List<String> have = current.lines().toList();
        List<String> want = expected.lines().toList();
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            String line = i < have.size() ? have.get(i) : "<end of file>";
            String wanted = i < want.size() ? want.get(i) : "<end of file>";
            if (!line.equals(wanted)) {
                return "line " + (i + 1) + " is\n  " + line + "\nand should be\n  " + wanted;
            }
        }
        return "line endings differ";
    }

    @Test
    void everyEntregaKeyTheYamlFilesSetExists() throws IOException {
        Map<String, JsonNode> known = entregaProperties();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> entry : yamlEntregaKeys().entrySet()) {
            if (!known.containsKey(entry.getKey())) {
                unknown.add(entry.getKey() + " (" + entry.getValue() + ")");
            }
        }
        assertThat(unknown).as("keys no @ConfigurationProperties record binds: a typo, or a record is missing").isEmpty();
    }

    @Test
    void theApplicationYamlSetsOnlyWhatDiffersFromTheDefaults() throws IOException {
        Map<String, JsonNode> known = entregaProperties();
        List<String> repeated = new ArrayList<>();
        for (Path file : List.of(Path.of("config", "application.yaml"), Path.of("config", "application-postgres.yaml"))) {
            yamlKeys(file).forEach((key, value) -> {
                JsonNode metadata = known.get(key);
                if (metadata != null && metadata.has("defaultValue") && !REPEATED_ON_PURPOSE.contains(key)
                        && metadata.get("defaultValue").asString().equals(String.valueOf(value))) {
                    repeated.add(key + ": " + value + " (" + file + ")");
                }
            });
        }
        assertThat(repeated).as("the default already says so: drop the line (docs/configuration.md lists it)").isEmpty();
    }

    /** The metadata's {@code entrega.*} properties by name, in name order. */
    private static Map<String, JsonNode> entregaProperties() throws IOException {
        Path metadata;
        try {
            metadata = Path.of(StorageProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("META-INF/spring-configuration-metadata.json");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(metadata).as("written by spring-boot-configuration-processor when the main classes compile")
                .exists();
        Map<String, JsonNode> properties = new TreeMap<>();
        for (JsonNode property : JsonMapper.shared().readTree(Files.readString(metadata)).get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("entrega.")) {
                properties.put(name, property);
            }
        }
        return properties;
    }

    private static String table(Map<String, JsonNode> properties) {
        StringBuilder out = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
        properties.forEach((name, property) -> out.append("| `").append(name).append("` | ")
                .append(defaultValue(property)).append(" | ")
                .append(markdown(property.has("description") ? property.get("description").asString() : ""))
                .append(" |\n"));
        return out.toString();
    }

    private static String defaultValue(JsonNode property) {
        if (!property.has("defaultValue")) {
            return "—";
        }
        String value = property.get("defaultValue").asString();
        return value.isEmpty() ? "`\"\"`" : "`" + value.replace("|", "\\|") + "`";
    }

    /** Javadoc's inline tags as Markdown code; a table cell cannot hold a bare '|'. */
    private static String markdown(String description) {
        Matcher tag = INLINE_TAG.matcher(description);
        StringBuilder out = new StringBuilder();
        while (tag.find()) {
            tag.appendReplacement(out, Matcher.quoteReplacement("`" + tag.group(1) + "`"));
        }
        tag.appendTail(out);
        return out.toString().replace("|", "\\|");
    }

    /** The entrega.* keys of config/*.yaml and the batch job manifests, with their values. */
    private static Map<String, Object> yamlEntregaKeys() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("config", "batch-jobs")) {
            try (Stream<Path> found = Files.walk(Path.of(folder))) {
                found.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                        .sorted().forEach(files::add);
            }
        }
        assertThat(files).as("config/application.yaml is read").contains(Path.of("config", "application.yaml"));
        Map<String, Object> keys = new TreeMap<>();
        for (Path file : files) {
            keys.putAll(yamlKeys(file));
        }
        return keys;
    }

    private static Map<String, Object> yamlKeys(Path file) throws IOException {
        Map<String, Object> keys = new TreeMap<>();
        for (PropertySource<?> document : new YamlPropertySourceLoader().load(file.toString(),
                new FileSystemResource(file))) {
            for (String name : ((EnumerablePropertySource<?>) document).getPropertyNames()) {
                if (name.startsWith("entrega.")) {
                    keys.put(name, document.getProperty(name));
                }
            }
        }
        return keys;
    }
}
