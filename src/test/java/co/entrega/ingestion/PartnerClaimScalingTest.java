package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import co.entrega.support.EntregaJdbcTest;
import co.entrega.support.TestDatabases;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A loose file claims its waiting partner by id while a bulk drop leaves thousands of files waiting: the claim must
 * read that one row. On H2 it read every waiting file (H2, and PostgreSQL before it analyzes the table, chose an
 * index on status for {@code id = ? AND status = ...}),
 * 44 % of the inbox decisions' CPU in bench/ingest-notify.sh at 10,000 invoices.
 */
@EntregaJdbcTest
@Import({InboundFileRepository.class, IngestionMetrics.class, SimpleMeterRegistry.class})
@DirtiesContext // a fresh table for the next class: H2 analyzes one on its own after 2,000 changes
class PartnerClaimScalingTest {

    static final int WAITING = 1_500; // under 2,000 changes, after which H2 analyzes the table on its own

    @Autowired
    InboundFileRepository files;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;

    @Test
    void claimingAWaitingFileByIdReadsThatRowAloneAndOnlyOnce() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            rows.add(new Object[] {"claim" + i + ".pdf", now.minusSeconds(WAITING - i), "claim" + i});
        }
        jdbcTemplate.batchUpdate("INSERT INTO inbound_files (original_name, source, received_at, size_bytes, sha256,"
                + " document_id, file_type, status, pair_key) VALUES (?, 'file:inbox', ?, 1, 'x', 'd', 'PDF', 'WAITING',"
                + " ?)", rows);
        // No ANALYZE: a billing night starts on a database whose statistics predate the drop.
        long last = jdbc.sql("SELECT id FROM inbound_files WHERE pair_key = :k").param("k", "claim" + (WAITING - 1))
                .query(Long.class).single();

        if (TestDatabases.isPostgres()) {
            String plan = String.join("\n", jdbc.sql("EXPLAIN " + InboundFileRepository.CLAIM).param("id", last)
                    .query(String.class).list());
            assertThat(plan).as("PostgreSQL's plan").contains("inbound_files_pkey");
        } else {
            String plan = String.join("\n", jdbc.sql("EXPLAIN ANALYZE " + InboundFileRepository.CLAIM)
                    .param("id", last - 1).query(String.class).list());
            long read = Pattern.compile("scanCount: (\\d+)").matcher(plan).results()
                    .mapToLong(match -> Long.parseLong(match.group(1))).sum();
            // with the status index it read every waiting file before this one: ~1,500
            assertThat(read).as("rows H2 read:%n%s", plan).isLessThan(5);
        }

        assertThat(files.claim(last)).isTrue();
        assertThat(files.claim(last)).as("a second claim of the same file").isFalse();
    }
}
