package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import co.entrega.support.EntregaJdbcTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox claims as several instances see them, on the real database (H2, then PostgreSQL): one {@link InboxClaims}
 * per instance, all on one table. The instances are built here: the schema is all they need.
 */
@EntregaJdbcTest
class InboxClaimsTest {

    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcClient jdbc;

    private final List<InboxClaims> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(InboxClaims::close);
    }

    @Test
    void twoInstancesReachingForTheSameNewFileAtOnceOnlyOneGetsIt() throws Exception {
        InboxClaims a = instance(Duration.ofSeconds(30));
        InboxClaims b = instance(Duration.ofSeconds(30));
        for (int i = 0; i < 40; i++) {
            String key = "sftp://erp@host:22/outbox/new-" + i + ".xml";
            assertThat(race(() -> a.add(key), () -> b.add(key))).as(key).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void twoInstancesReachingForTheSameExpiredClaimAtOnceOnlyOneGetsIt() throws Exception {
        InboxClaims a = instance(Duration.ofSeconds(30));
        InboxClaims b = instance(Duration.ofSeconds(30));
        for (int i = 0; i < 40; i++) {
            String key = "sftp://erp@host:22/outbox/expired-" + i + ".xml";
            claimedByADeadInstance(key);

            assertThat(race(() -> a.add(key), () -> b.add(key))).as(key).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void aLiveClaimIsNotTakenAndIsRenewedPastTheExpiryEvenWhenTakenOverFromADeadInstance() {
        InboxClaims survivor = instance(Duration.ofSeconds(2));
        InboxClaims other = instance(Duration.ofSeconds(2));
        String key = "sftp://erp@host:22/outbox/taken-over.xml";
        claimedByADeadInstance(key);

        assertThat(survivor.add(key)).isTrue();
        assertThat(other.add(key)).isFalse();
        assertThat(other.contains(key)).isTrue();
        long takenAt = System.currentTimeMillis();

        // Past the expiry, the survivor (still working on the file) has renewed its claim: the other cannot take it.
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > takenAt + 2_500
                && renewedAt(key) > takenAt + 500);
        assertThat(other.add(key)).isFalse();
        // Released, it is free at once.
        assertThat(survivor.remove(key)).isTrue();
        assertThat(other.add(key)).isTrue();
    }

    @Test
    void aClaimWhoseReleaseFailedIsNoLongerRenewedAndExpires() {
        InboxClaims holder = instance(Duration.ofSeconds(2));
        InboxClaims other = instance(Duration.ofSeconds(2));
        String key = "sftp://erp@host:22/outbox/release-failed.xml";
        assertThat(holder.add(key)).isTrue();
        // The release's DELETE is lost (the database was down): the row stays, but the holder stops renewing it.
        jdbc.sql("UPDATE inbox_claims SET owner = 'someone-else' WHERE claim_key = :k").param("k", key).update();
        holder.remove(key);
        jdbc.sql("UPDATE inbox_claims SET owner = :o WHERE claim_key = :k").param("o", holder.owner())
                .param("k", key).update();
        assertThat(holder.held()).doesNotContain(key);

        await().atMost(Duration.ofSeconds(10)).until(() -> other.add(key));
    }

    @Test
    void anInstanceReleasesOnlyItsOwnClaims() {
        InboxClaims a = instance(Duration.ofSeconds(30));
        InboxClaims b = instance(Duration.ofSeconds(30));
        String key = "sftp://erp@host:22/outbox/mine.xml";
        assertThat(a.add(key)).isTrue();

        assertThat(b.remove(key)).isFalse();
        assertThat(b.add(key)).isFalse();
    }

    private List<Boolean> race(Callable<Boolean> first, Callable<Boolean> second) throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Boolean> one = two.submit(() -> {
                together.await();
                return first.call();
            });
            Future<Boolean> other = two.submit(() -> {
                together.await();
                return second.call();
            });
            return List.of(one.get(), other.get());
        } finally {
            two.shutdownNow();
        }
    }

    private void claimedByADeadInstance(String key) {
        Timestamp tenMinutesAgo = new Timestamp(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis());
        jdbc.sql("""
                INSERT INTO inbox_claims (claim_key, owner, claimed_at, renewed_at)
                VALUES (:k, 'dead-instance', :t, :t)""").param("k", key).param("t", tenMinutesAgo).update();
    }

    private long renewedAt(String key) {
        return jdbc.sql("SELECT renewed_at FROM inbox_claims WHERE claim_key = :k").param("k", key)
                .query(Timestamp.class).single().getTime();
    }

    private InboxClaims instance(Duration expiry) {
        InboxClaims claims = new InboxClaims(jdbcTemplate, new TransactionTemplate(transactionManager), expiry,
                "test-instance-" + java.util.UUID.randomUUID());
        instances.add(claims);
        return claims;
    }
}
