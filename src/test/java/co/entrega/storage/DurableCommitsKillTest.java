package co.entrega.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A process killed with {@code kill -9} right after H2 acknowledged its commits keeps every one of them, once
 * {@link DurableCommits} has set up the pool and opened the database. Without it, H2 2.x writes committed changes out every 500 ms and the
 * kill loses the last ones (thousands of rows in this loop, measured before the fix: 378,317 acknowledged, 369,185
 * kept). The database URL is the embedded default's.
 */
class DurableCommitsKillTest {

    @Test
    void everyCommitAcknowledgedBeforeAKillNineIsThereAfterIt(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("entrega") + ";AUTO_SERVER=TRUE;QUERY_CACHE_SIZE=64";
        Path acks = dir.resolve("acks.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitLoop.class.getName(), url)
                .redirectOutput(acks.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            // Past a few thousand commits the loop is in full swing: kill it between two of them.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> lastAck(acks) >= 5_000 || !child.isAlive());
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        long acknowledged = lastAck(acks); // everything the child printed before it died
        assertThat(acknowledged).as("commits acknowledged before the kill").isGreaterThanOrEqualTo(5_000);

        try (Connection connection = DriverManager.getConnection(url.replace(";AUTO_SERVER=TRUE", ""), "sa", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*), MAX(id) FROM acked")) {
            rows.next();
            assertThat(rows.getLong(2)).as("last commit kept").isGreaterThanOrEqualTo(acknowledged);
            assertThat(rows.getLong(1)).as("commits kept").isEqualTo(rows.getLong(2));
        }
        assertThat(Files.exists(dir.resolve("db").resolve("entrega.mv.db"))).isTrue();
    }

    /** The highest id in the lines "committed N" (other lines are the child's log; the last may be cut). */
    private static long lastAck(Path acks) throws java.io.IOException {
        try (java.util.stream.Stream<String> lines = Files.lines(acks, StandardCharsets.US_ASCII)) {
            return lines.filter(line -> line.matches("committed \\d+")).mapToLong(line -> Long.parseLong(
                    line.substring(10))).max().orElse(0);
        }
    }

    /** The child process: opens the database through DurableCommits, then commits rows and prints each id. */
    public static final class CommitLoop {

        public static void main(String[] args) throws Exception {
            // built as Spring Boot builds the service's pool, with the same settings applied
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(args[0]);
            dataSource.setUsername("sa");
            dataSource.setPassword("");
            DurableCommits.h2ConnectionSettings().postProcessBeforeInitialization(dataSource, "dataSource");
            new DurableCommits(dataSource);
            try (Connection connection = dataSource.getConnection()) {
                connection.createStatement().execute("CREATE TABLE acked (id BIGINT PRIMARY KEY, v VARCHAR(200))");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO acked VALUES (?, ?)");
                String filler = "x".repeat(150);
                for (long id = 1; ; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, filler);
                    insert.executeUpdate(); // auto-commit: returns once committed
                    System.out.println("committed " + id);
                    System.out.flush();
                }
            }
        }
    }
}
