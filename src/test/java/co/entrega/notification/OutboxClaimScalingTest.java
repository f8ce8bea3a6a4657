package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import co.entrega.cluster.ThisInstance;
import co.entrega.support.EntregaJdbcTest;
import co.entrega.support.TestDatabases;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claiming a batch of emails costs the same whatever the backlog: the claim reads a few rows per email claimed, not
 * the outbox. It once read the whole outbox on every claim (the batch limit applied in Java, checks without an
 * index): ingest + notify of 10,000 invoices sent ~10 emails/s on H2 (bench/ingest-notify.sh).
 */
@EntregaJdbcTest // the outbox alone: no sender runs, the outbox is claimed by the test only
@Import({MailOutbox.class, OutboxClaimScalingTest.ThisProcess.class})
@EnableConfigurationProperties(MailDeliveryProperties.class)
@TestPropertySource(properties = "entrega.mail.claim-timeout=5m")
@DirtiesContext
class OutboxClaimScalingTest {

    static final int CUSTOMERS = 200;
    static final int INVOICES_PER_CUSTOMER = 25;
    static final int RETRYING = 2_000;

    /** The instance the claims are made for (in the whole service, its ClusterConfiguration's). */
    static class ThisProcess {

        @Bean
        ThisInstance thisInstance() {
            return new ThisInstance("outbox-claim-test/" + ProcessHandle.current().pid(), "localhost",
                    ProcessHandle.current().pid());
        }
    }

    @Autowired
    MailOutbox outbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    TransactionTemplate transaction;

    /**
     * 200 customers, each with its activation and password emails SENT and 25 invoice emails; in id order: 2,000
     * emails PENDING but waiting out a retry delay (an SMTP outage), 5,400 SENT, 5,000 PENDING and due, and one claim
     * abandoned by a dead sender.
     */
    @BeforeEach
    void backlog() {
        if (jdbc.sql("SELECT COUNT(*) FROM mail_outbox").query(Long.class).single() > 0) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> customers = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            customers.add(new Object[] {"95000" + String.format("%04d", c), "Cliente " + c, "c" + c + "@scale.co", now,
                    now});
        }
        jdbcTemplate.batchUpdate("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'MASTER', ?, ?)", customers);
        List<Long> ids = jdbc.sql("SELECT id FROM customers WHERE nit LIKE '95000%' ORDER BY nit").query(Long.class)
                .list();
        List<Object[]> retrying = new ArrayList<>();
        List<Object[]> sent = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        for (int r = 0; r < RETRYING; r++) {
            Object[] row = row("INVOICE", "retry:" + r, ids.get(r % CUSTOMERS), "PENDING", now);
            row[4] = now.plusHours(1); // next_attempt_at
            retrying.add(row);
        }
        for (int c = 0; c < CUSTOMERS; c++) {
            long customer = ids.get(c);
            sent.add(row("ACTIVATION", "activation:" + c, customer, "SENT", now));
            sent.add(row("PASSWORD", "password:" + c, customer, "SENT", now));
            for (int i = 0; i < INVOICES_PER_CUSTOMER; i++) {
                sent.add(row("INVOICE", "old-invoice:" + c + ":" + i, customer, "SENT", now));
                pending.add(row("INVOICE", "invoice:" + c + ":" + i, customer, "PENDING", now));
            }
        }
        String insert = "INSERT INTO mail_outbox (kind, dedup_key, customer_id, recipients, locale, status, attempts,"
                + " next_attempt_at, message_id, created_at) VALUES (?, ?, ?, 'c@scale.co', 'es-CO', ?, 0, ?, ?, ?)";
        jdbcTemplate.batchUpdate(insert, retrying);
        jdbcTemplate.batchUpdate(insert, sent);
        jdbcTemplate.batchUpdate(insert, pending);
        // A claim left by a sender that died long ago, at the very end of the outbox.
        jdbcTemplate.update(insert, row("INVOICE", "abandoned", ids.get(0), "SENDING", now));
        jdbc.sql("UPDATE mail_outbox SET claimed_at = :t WHERE dedup_key = 'abandoned'")
                .param("t", now.minusHours(1)).update();
        jdbcTemplate.execute("ANALYZE"); // statistics, as a running database keeps them
    }

    private static Object[] row(String kind, String key, long customer, String status, OffsetDateTime now) {
        return new Object[] {kind, key, customer, status, now.minusMinutes(1), "<" + key + "@scale.co>", now};
    }

    @Test
    void aClaimTakesTheAbandonedClaimThenTheLongestDueEmailsAndNeverOneWaitingForARetry() {
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly(); // the backlog stays as it is for the other tests
            List<Long> ids = outbox.claimDue(50).stream().map(OutboxMessage::id).toList();

            long abandoned = jdbc.sql("SELECT id FROM mail_outbox WHERE dedup_key = 'abandoned'").query(Long.class)
                    .single();
            List<Long> firstDue = jdbc.sql("SELECT id FROM mail_outbox WHERE dedup_key LIKE 'invoice:%' ORDER BY id")
                    .query(Long.class).list().subList(0, 49);
            assertThat(ids.get(0)).isEqualTo(abandoned);
            assertThat(ids.subList(1, 50)).isEqualTo(firstDue); // all due at the same instant: oldest first
            List<Long> all = new ArrayList<>(ids);
            for (List<OutboxMessage> batch; !(batch = outbox.claimDue(500)).isEmpty(); ) {
                batch.forEach(message -> all.add(message.id()));
            }
            assertThat(all).hasSize(CUSTOMERS * INVOICES_PER_CUSTOMER + 1).doesNotHaveDuplicates();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status = 'PENDING'").query(Long.class)
                    .single()).isEqualTo(RETRYING);
        });
    }

    @Test
    void onH2TheClaimQueryReadsAFewRowsPerEmail() {
        assumeTrue(!TestDatabases.isPostgres(), "H2's EXPLAIN ANALYZE counts the rows each table access read");
        String plan = String.join("\n", jdbc.sql("EXPLAIN ANALYZE " + MailOutbox.candidatesSql(
                        "o.status = 'PENDING' AND o.next_attempt_at <= :now"))
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).param("limit", 50).query(String.class).list());
        long read = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan).results()
                .mapToLong(match -> Long.parseLong(match.group(1))).sum();
        // 50 candidates through ix_mail_outbox_due, each checked against its customer's two credential emails. The
        // claim before this test read and sorted all 5,000 due emails on H2 (5,005 rows); walking (status, id)
        // instead would read the 2,000 waiting for a retry first.
        assertThat(read).as("rows H2 read for one claim:%n%s", plan).isLessThan(500);
    }

    @Test
    void claimingFiftyEmailsFromALargeBacklogReadsAFewRowsPerEmail() {
        assumeTrue(TestDatabases.isPostgres(), "PostgreSQL counts the rows each transaction reads; H2 does not");
        long[] read = transaction.execute(status -> {
            status.setRollbackOnly();
            assertThat(outbox.claimDue(50)).hasSize(50);
            // Rows read by this transaction so far: sequential scans and index fetches (pg_stat_xact_user_tables).
            return new long[] {jdbc.sql("SELECT COALESCE(seq_tup_read, 0) FROM pg_stat_xact_user_tables"
                    + " WHERE relname = 'mail_outbox'").query(Long.class).single(),
                    jdbc.sql("SELECT COALESCE(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables"
                            + " WHERE relname = 'mail_outbox'").query(Long.class).single()};
        });
        // 50 candidates, each checked against its customer's two credential emails, then 50 updates and 50 reads of
        // the claimed rows: ~260 rows on PostgreSQL 14. The claim before this test read the whole outbox by sequential
        // scan on every call (10,401 rows without the emails waiting for a retry); walking (status, id) would read the
        // 2,000 waiting for a retry first.
        assertThat(read[0]).as("rows read by sequential scans").isZero();
        assertThat(read[1]).as("rows fetched through indexes").isLessThan(500);
    }
}
