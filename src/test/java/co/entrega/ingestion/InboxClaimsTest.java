package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import co.entrega.support.EntregaIntegrationTest;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox claims as two instances see them, on the real database (H2, then PostgreSQL): two repositories on one
 * table, like two processes.
 */
@EntregaIntegrationTest
class InboxClaimsTest {

    private static final String PROCESSOR = "claims-test";

    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;

    private final List<InboxClaims> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(InboxClaims::stop);
    }

    @Test
    void twoLiveInstancesReachingForTheSameExpiredClaimAtOnceOnlyOneGetsIt() throws Exception {
        InboxClaims a = instance(Duration.ofSeconds(30));
        InboxClaims b = instance(Duration.ofSeconds(30));
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 40; i++) {
                String key = "sftp://erp@host:22/outbox/expired-" + i + ".xml";
                // the claim of an instance that died ten minutes ago
                jdbc.sql("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (:p, :k, :t)")
                        .param("p", PROCESSOR).param("k", key)
                        .param("t", new Timestamp(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis()))
                        .update();
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> byA = two.submit(() -> {
                    together.await();
                    return a.add(key);
                });
                Future<Boolean> byB = two.submit(() -> {
                    together.await();
                    return b.add(key);
                });

                assertThat(List.of(byA.get(), byB.get())).as(key).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void aClaimTakenOverFromADeadInstanceIsRenewedLikeAnyOther() {
        InboxClaims survivor = instance(Duration.ofSeconds(2));
        InboxClaims other = instance(Duration.ofSeconds(2));
        String key = "sftp://erp@host:22/outbox/taken-over.xml";
        jdbc.sql("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (:p, :k, :t)")
                .param("p", PROCESSOR).param("k", key)
                .param("t", new Timestamp(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis()))
                .update();

        assertThat(survivor.add(key)).isTrue();
        long takenAt = System.currentTimeMillis();

        // Past the expiry, the survivor (still working on the file) has renewed its claim: the other cannot take it.
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > takenAt + 2_500
                && jdbc.sql("SELECT createdAt FROM CAMEL_MESSAGEPROCESSED WHERE processorName = :p AND messageId = :k")
                .param("p", PROCESSOR).param("k", key).query(Timestamp.class).single().getTime() > takenAt + 500);
        assertThat(other.add(key)).isFalse();
        // Released, it is free.
        assertThat(survivor.remove(key)).isTrue();
        assertThat(other.add(key)).isTrue();
    }

    private InboxClaims instance(Duration expiry) {
        InboxClaims claims = new InboxClaims(dataSource, new TransactionTemplate(transactionManager), PROCESSOR, camel);
        claims.setCreateTableIfNotExists(false);
        claims.setLockMaxAgeMillis(expiry.toMillis());
        claims.setLockKeepAliveIntervalMillis(Math.max(expiry.toMillis() / 4, 200));
        claims.start();
        instances.add(claims);
        return claims;
    }
}
