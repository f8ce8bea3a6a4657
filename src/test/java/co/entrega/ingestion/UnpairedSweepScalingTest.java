package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * The unpaired-file sweep runs every few seconds while a bulk drop drains, when tens of thousands of loose XMLs and
 * PDFs wait for their partners: finding the pairs that missed each other must cost a lookup per waiting XML, not a
 * comparison of every waiting XML with every waiting PDF. A guard: at 100,000 invoices (bench/ingest-notify.sh)
 * thread dumps showed the sweep busy in its EXISTS on H2 while ingestion slowed to a few files a second: each EXISTS
 * walked every waiting PDF through the status index. (On a fresh table like this one H2 plans the earlier form, IN over
 * both keys, as lookups, so the test does not tell that one apart.)
 */
@EntregaJdbcTest // the repository alone: no sweep runs, the test runs the query itself
@Import({InboundFileRepository.class, IngestionMetrics.class, SimpleMeterRegistry.class})
@DirtiesContext // a fresh table for the next class: H2 analyzes one on its own after 2,000 changes
class UnpairedSweepScalingTest {

    // Under 2,000 rows with no ANALYZE: the sweep runs from startup, so its plan is made on a table without
    // statistics, and H2 analyzes a table on its own only after 2,000 changes.
    static final int WAITING_EACH = 900;

    @Autowired
    InboundFileRepository files;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;

    @Test
    void findingTheXmlsWhosePdfWaitsTooLooksEachOneUpInsteadOfComparingAllWithAll() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < WAITING_EACH; i++) {
            rows.add(new Object[] {"fv" + i + ".xml", "XML", "fv" + i, "num" + i, now.minusSeconds(WAITING_EACH - i)});
            rows.add(new Object[] {"nc" + i + ".pdf", "PDF", "nc" + i, null, now.minusSeconds(WAITING_EACH - i)});
        }
        // One pair that missed each other: the PDF is named after the XML's document number.
        rows.add(new Object[] {"missed.xml", "XML", "missed", "fe42", now});
        rows.add(new Object[] {"fe42.pdf", "PDF", "fe42", null, now});
        jdbcTemplate.batchUpdate("INSERT INTO inbound_files (original_name, source, received_at, size_bytes, sha256,"
                + " document_id, file_type, status, pair_key, alt_pair_key) VALUES (?, 'file:inbox', ?, 1, 'x', 'd', ?,"
                + " 'WAITING', ?, ?)", rows.stream().map(r -> new Object[] {r[0], r[4], r[1], r[2], r[3]}).toList());

        assertThat(files.findWaitingXmlWithWaitingPdf(200)).extracting(InboundFile::originalName)
                .containsExactly("missed.xml");

        assumeTrue(!TestDatabases.isPostgres(), "H2's EXPLAIN ANALYZE counts the rows each table access read");
        String plan = String.join("\n", jdbc.sql("EXPLAIN ANALYZE " + InboundFileRepository.WAITING_XML_WITH_WAITING_PDF)
                .param("limit", 200).query(String.class).list());
        long read = Pattern.compile("scanCount: (\\d+)").matcher(plan).results()
                .mapToLong(match -> Long.parseLong(match.group(1))).sum();
        // Every waiting XML once (901), and for each a lookup of its pair keys (H2 shows the last one's count). With the
        // status index each EXISTS read all 901 waiting PDFs.
        assertThat(read).as("rows H2 read:%n%s", plan).isLessThan(WAITING_EACH + 100);
    }
}
