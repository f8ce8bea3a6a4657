package co.entrega.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import co.entrega.support.EntregaIntegrationTest;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Another instance's process, really killed ({@code kill -9} of a child JVM holding its lock file), is judged stopped
 * at once, and what it held is released: its inbox claims, the emails it was sending, the notify job's lock. A live
 * one (its lock file held) is left alone even with an old heartbeat; one on another machine (no lock file here) is
 * released only once its heartbeat is older than the expiry.
 */
@EntregaIntegrationTest
class InstanceRegistryTest {

    @Autowired
    InstanceRegistry registry;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    ThisInstance self;
    @Autowired
    javax.sql.DataSource dataSource;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private Process other;

    @BeforeEach
    void holdTheOutbox() throws Exception {
        // the outbox row planted below must stay as the release leaves it, not be sent by this instance
        camel.getRouteController().stopRoute("notification-send-mail");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (other != null) {
            other.destroyForcibly();
        }
        camel.getRouteController().startRoute("notification-send-mail");
    }

    @Test
    void aKilledInstanceIsReleasedAtOnceAndALiveOneIsNot() throws Exception {
        String id = "4242@other-host/killed1";
        Path lock = dataDir.resolve("instances").resolve("4242_other-host_killed1.lock");
        Path ready = dataDir.resolve("holder-ready");
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString(),
                ready.toString()).inheritIO().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ready));
        // a heartbeat older than the expiry (a stalled instance, or the database out of its reach): its lock file is
        // held, so it is alive and keeps what it holds
        register(id, jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single().minusMinutes(10));
        long customer = heldBy(id);

        assertThat(registry.releaseStopped()).as("a live instance is not released").isZero();
        assertThat(registry.isRegistered(id)).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbox_claims WHERE owner = :o").param("o", id).query(Long.class)
                .single()).isEqualTo(1);

        other.destroyForcibly(); // SIGKILL: the kernel frees its lock
        other.waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            registry.releaseStopped(); // the scheduled heartbeat may get there first; either way, at once
            return !registry.isRegistered(id);
        });

        if (sharedInboxClaims()) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM inbox_claims WHERE owner = :o").param("o", id)
                    .query(Long.class).single()).as("inbox claims of the killed instance").isZero();
        }
        assertThat(jdbc.sql("SELECT status FROM mail_outbox WHERE customer_id = :c").param("c", customer)
                .query(String.class).single()).as("the email it was sending").isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE customer_id = :c AND claimed_by IS NULL"
                        + " AND last_error LIKE 'En duda%'").param("c", customer).query(Long.class).single())
                .isEqualTo(1);
        // released (lock_until back to locked_at), or already taken by this instance's own run since
        assertThat(jdbc.sql("SELECT COUNT(*) FROM shedlock WHERE name = 'notify-recipients' AND locked_by = :o"
                        + " AND lock_until > locked_at").param("o", id).query(Long.class).single())
                .as("the notify job's lock it held").isZero();
        assertThat(Files.exists(lock)).as("its lock file is cleaned up").isFalse();
    }

    @Test
    void aFreeLockFileOfAnotherMachineCountsOnlyWithAStoppedHeartbeat() throws Exception {
        // a shared mount whose locks do not reach this machine: the lock file looks free, the heartbeat is fresh
        Path lock = dataDir.resolve("instances").resolve("7_machine-d_nolocks.lock");
        Files.createDirectories(lock.getParent());
        Files.createFile(lock);
        OffsetDateTime now = jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single();
        register("7@machine-d/nolocks", "machine-d", now);
        registry.releaseStopped();
        assertThat(registry.isRegistered("7@machine-d/nolocks")).as("alive by its heartbeat").isTrue();

        jdbc.sql("UPDATE service_instances SET heartbeat_at = :t WHERE instance_id = '7@machine-d/nolocks'")
                .param("t", now.minusSeconds(20)).update(); // three beats missed (5 s each), far less than the expiry
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            registry.releaseStopped();
            return !registry.isRegistered("7@machine-d/nolocks");
        });
    }

    @Test
    void anInstanceWithoutALockFileHereIsReleasedOnlyWhenItsHeartbeatIsOld() {
        OffsetDateTime now = jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single();
        register("1@machine-b/fresh", "machine-b", now);
        register("2@machine-c/silent", "machine-c", now.minusMinutes(10)); // the test default expiry is 2 minutes
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            registry.releaseStopped();
            return !registry.isRegistered("2@machine-c/silent");
        });
        assertThat(registry.isRegistered("1@machine-b/fresh")).isTrue();
    }

    /** An instance of this machine (its lock file is in our data folder). */
    /** On H2 (one instance) the inbox claims live in the process, not in inbox_claims. */
    private boolean sharedInboxClaims() throws Exception {
        return !"H2".equalsIgnoreCase(org.springframework.jdbc.support.JdbcUtils.extractDatabaseMetaData(dataSource,
                java.sql.DatabaseMetaData::getDatabaseProductName));
    }

    private void register(String id, OffsetDateTime heartbeat) {
        register(id, self.host(), heartbeat);
    }

    private void register(String id, String host, OffsetDateTime heartbeat) {
        jdbc.sql("""
                INSERT INTO service_instances (instance_id, host, pid, started_at, heartbeat_at)
                VALUES (:id, :host, 4242, :t, :t)""").param("id", id).param("host", host).param("t", heartbeat)
                .update();
    }

    /** An inbox claim, an email being sent and the notify job's lock, all held by the instance. @return customer */
    private long heldBy(String id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO inbox_claims (claim_key, owner, claimed_at, renewed_at) VALUES (:k, :o, :t, :t)")
                .param("k", "file:inbox/held-" + id).param("o", id).param("t", java.sql.Timestamp.from(now.toInstant()))
                .update();
        String nit = "9" + Math.abs(id.hashCode());
        jdbc.sql("INSERT INTO customers (nit, name, email, created_at, updated_at) VALUES (:n, 'X', 'x@y.co', :t, :t)")
                .param("n", nit).param("t", now).update();
        long customer = jdbc.sql("SELECT id FROM customers WHERE nit = :n").param("n", nit).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO mail_outbox (kind, dedup_key, customer_id, recipients, locale, status, attempts,
                                         next_attempt_at, message_id, created_at, claimed_at, claimed_by)
                VALUES ('INVOICE', :k, :c, 'x@y.co', 'es-CO', 'SENDING', 0, :t, :m, :t, :t, :o)""")
                .param("k", "held:" + id).param("c", customer).param("t", now).param("m", "<held@y.co>")
                .param("o", id).update();
        jdbc.sql("DELETE FROM shedlock WHERE name = 'notify-recipients'").update();
        jdbc.sql("""
                INSERT INTO shedlock (name, lock_until, locked_at, locked_by)
                VALUES ('notify-recipients', :until, :at, :o)""")
                .param("until", java.sql.Timestamp.from(now.plusHours(1).toInstant()))
                .param("at", java.sql.Timestamp.from(now.toInstant())).param("o", id).update();
        return customer;
    }

    /** The other instance's process: takes its lock file as InstanceRegistry does, says so, and lives on. */
    public static final class LockHolder {

        public static void main(String[] args) throws Exception {
            Path lock = Path.of(args[0]);
            Files.createDirectories(lock.getParent());
            FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock();
            Files.createFile(Path.of(args[1]));
            Thread.sleep(Duration.ofMinutes(5).toMillis()); // until killed; never longer than this
        }
    }
}
