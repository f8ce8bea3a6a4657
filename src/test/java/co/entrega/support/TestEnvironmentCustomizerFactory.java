package co.entrega.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context its own empty database (H2 or PostgreSQL, see {@link TestDatabases}) and its own
 * data directory (documents, inbox), so contexts never share state, and test defaults that a test's own properties
 * override. Registered in META-INF/spring.factories.
 */
public class TestEnvironmentCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return new IsolatedEnvironment();
    }

    /** The same service, quicker to react: fast polls, a short pairing wait, no sample seeding. */
    private static final Map<String, Object> TEST_DEFAULTS = properties(
            "entrega.inbox.poll-delay", "100ms",
            "entrega.inbox.read-lock-check-interval", "200ms",
            "entrega.ingestion.pair-wait", "3s",
            "entrega.ingestion.sweep-interval", "500ms",
            "entrega.samples.seed-on-start", "false",
            // Several test contexts live at once: let each embedded mail catcher take free ports.
            "entrega.mail.catcher.smtp-port", "0",
            "entrega.mail.catcher.imap-port", "0",
            "entrega.mail.poll-interval", "200ms",
            "entrega.mail.first-retry-delay", "500ms",
            "entrega.jobs.notify-recipients.after-ingestion-delay", "300ms",
            // Cached contexts close when the test JVM exits; don't wait Camel's default 45 s for in-flight polls.
            "camel.main.shutdown-timeout", "3");

    private static Map<String, Object> properties(String... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Map.copyOf(map);
    }

    private static final class IsolatedEnvironment implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new HashMap<>(TestDatabases.newDatabase());
            try {
                Path dataDir = Files.createTempDirectory("entrega-test-");
                properties.put("entrega.data-dir", dataDir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.addFirst(new MapPropertySource("entregaTestIsolation", properties));
            // Below anything a test sets itself, above ./config/application.yaml.
            MapPropertySource defaults = new MapPropertySource("entregaTestDefaults", TEST_DEFAULTS);
            sources.stream().filter(source -> source.getName().startsWith("Config resource")).findFirst()
                    .ifPresentOrElse(first -> sources.addBefore(first.getName(), defaults),
                            () -> sources.addLast(defaults));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof IsolatedEnvironment;
        }

        @Override
        public int hashCode() {
            return IsolatedEnvironment.class.hashCode();
        }
    }
}
