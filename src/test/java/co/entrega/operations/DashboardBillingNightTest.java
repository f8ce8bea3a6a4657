package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import co.entrega.ingestion.IngestionActivity;
import co.entrega.notification.MailActivity;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.OperatorLogin;
import co.entrega.support.PortalClient;
import co.entrega.support.TestDatabases;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dashboard during a billing night: the backlog (files waiting for their pair, emails queued), the last hours'
 * files and emails per 5 minutes as a server-drawn SVG chart, when the backlog should be done, and a page that reloads
 * itself only while work is left. Rows are written at known times; nothing is ingested or sent meanwhile.
 */
@EntregaIntegrationTest
class DashboardBillingNightTest {

    static final String OPERATOR = "turno-noche";
    static final String OPERATOR_PASSWORD = "la noche de facturación 2026";
    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final String REFRESH = "<meta http-equiv=\"refresh\" content=\"30\">";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("entrega.operator.username", () -> OPERATOR);
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
        registry.add("entrega.mail.poll-interval", () -> "1h"); // queued emails stay queued
        registry.add("entrega.ingestion.sweep-interval", () -> "1h"); // waiting files stay waiting
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    IngestionActivity ingestion;
    @Autowired
    MailActivity mail;

    private final AtomicInteger keys = new AtomicInteger();
    /** One login for the class: the authenticator app's codes are accepted once each. */
    private static PortalClient console;
    private long customerId;

    @BeforeEach
    void logIn() throws Exception {
        if (console == null) {
            console = OperatorLogin.logIn(port, OPERATOR, OPERATOR_PASSWORD);
        }
        jdbc.sql("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at) "
                        + "VALUES (:nit, 'Noche S.A.S.', 'noche@cliente.co', 'MASTER', CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP)")
                .param("nit", "94" + System.nanoTime() % 10_000_000).update();
        customerId = jdbc.sql("SELECT MAX(id) FROM customers").query(Long.class).single();
    }

    @Test
    void theDashboardShowsTheBacklogTheLastHoursAndWhenItWillBeDone() throws Exception {
        Instant now = Instant.now();
        Instant recent = now.minus(Duration.ofMinutes(3));
        Instant earlier = now.minus(Duration.ofHours(2));
        files("REGISTERED", recent, 30); // 2 a minute over the last 15 minutes
        files("DUPLICATE", earlier, 12);
        files("QUARANTINED", now.minus(Duration.ofHours(7)), 50); // before the chart
        files("WAITING", null, 6);
        emails("SENT", now.minus(Duration.ofMinutes(4)), 45); // 3 a minute
        emails("SENT", now.minus(Duration.ofHours(3)), 7);
        emails("SENT", now.minus(Duration.ofHours(8)), 20);
        emails("PENDING", null, 9);
        emails("SENDING", null, 3);

        PortalClient.Page page = console.get("/ops");
        String body = page.body();
        assertThat(page.status()).isEqualTo(200);
        assertThat(body).contains("<span id=\"pendientes-bandeja\">0</span>")
                .contains("<span id=\"pendientes-par\">6</span>")
                .contains("<span id=\"correos-en-cola\">12</span>")
                .contains("<span id=\"ritmo-archivos\">2 por min</span>")
                .contains("<span id=\"ritmo-correos\">3 por min</span>")
                .contains("<span id=\"fin-archivos\">≈ 3 min</span>") // 6 files at 2 a minute
                .contains("<span id=\"fin-correos\">≈ 4 min</span>"); // 12 emails at 3 a minute

        String files = chart(body, "grafico-archivos");
        assertThat(bars(files)).containsExactlyInAnyOrder(
                bucket(earlier) + ": 12 archivos", bucket(recent) + ": 30 archivos");
        assertThat(files).contains("<title id=\"grafico-archivos-titulo\">Archivos procesados cada 5 minutos</title>")
                .contains("42 archivos en total, como máximo 30");
        String emails = chart(body, "grafico-correos");
        assertThat(bars(emails)).containsExactlyInAnyOrder(bucket(now.minus(Duration.ofHours(3))) + ": 7 correos",
                bucket(now.minus(Duration.ofMinutes(4))) + ": 45 correos");
        // The tallest bar fills the plot; the smaller one is its share of it.
        assertThat(emails).contains("height=\"100\" data-count=\"45\"").contains("height=\"16\" data-count=\"7\"");

        // Work is left: the page reloads itself, unless the operator stops it.
        assertThat(body).contains(REFRESH).contains("href=\"/ops?auto=no\"");
        assertThat(console.get("/ops?auto=no").body()).doesNotContain(REFRESH).contains("href=\"/ops\">Reanudarla");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(body).doesNotContain("<script");

        // Everything done: no reload, nothing pending.
        jdbc.sql("UPDATE inbound_files SET status = 'REGISTERED' WHERE status = 'WAITING'").update();
        jdbc.sql("UPDATE mail_outbox SET status = 'SENT' WHERE status IN ('PENDING', 'SENDING')").update();
        String idle = console.get("/ops").body();
        assertThat(idle).doesNotContain(REFRESH)
                .contains("<span id=\"fin-archivos\">sin pendientes</span>")
                .contains("<span id=\"fin-correos\">sin pendientes</span>")
                .contains("No hay trabajo pendiente");
    }

    /** 20,000 files and emails of two days ago, a few of a few hours ago: the dashboard's queries read the few. */
    @Test
    void theRatesReadOnlyTheLastHoursRows() {
        Instant now = Instant.now();
        files("escala", "REGISTERED", now.minus(Duration.ofDays(2)), 20_000);
        emails("escala", "SENT", now.minus(Duration.ofDays(2)), 20_000);
        Instant recent = now.minus(Duration.ofMinutes(330)); // a bucket of its own
        files("escala", "REGISTERED", recent, 5);
        emails("escala", "SENT", recent, 5);
        try {
            assertTheRatesReadOnlyTheLastHoursRows(now, recent);
        } finally { // the other test counts the last hours' rows exactly
            jdbc.sql("DELETE FROM inbound_files WHERE original_name LIKE 'escala-%'").update();
            jdbc.sql("DELETE FROM mail_outbox WHERE dedup_key LIKE 'escala:%'").update();
        }
    }

    private void assertTheRatesReadOnlyTheLastHoursRows(Instant now, Instant recent) {
        jdbcTemplate.execute("ANALYZE");
        Instant from = now.minus(Duration.ofHours(6));

        if (TestDatabases.isPostgres()) {
            transaction.executeWithoutResult(status -> {
                Instant bucket = Instant.ofEpochSecond(recent.getEpochSecond() / 300 * 300);
                assertThat(ingestion.decidedPer(Duration.ofMinutes(5), from).get(bucket)).isEqualTo(5L);
                assertThat(mail.sentPer(Duration.ofMinutes(5), from).get(bucket)).isEqualTo(5L);
                ingestion.decidedSince(from);
                mail.sentSince(from);
                for (String table : List.of("inbound_files", "mail_outbox")) {
                    Map<String, Object> read = jdbc.sql("SELECT COALESCE(seq_tup_read, 0) AS seq,"
                                    + " COALESCE(idx_tup_fetch, 0) AS idx FROM pg_stat_xact_user_tables"
                                    + " WHERE relname = :t").param("t", table).query().singleRow();
                    assertThat(((Number) read.get("seq")).longValue()).as(table + ": rows read by sequential scans")
                            .isZero();
                    assertThat(((Number) read.get("idx")).longValue()).as(table + ": rows fetched through indexes")
                            .isLessThan(1_000);
                }
            });
            return;
        }
        for (String sql : List.of(IngestionActivity.DECIDED_PER_BUCKET, MailActivity.SENT_PER_BUCKET)) {
            String plan = String.join("\n", jdbc.sql("EXPLAIN ANALYZE " + sql.formatted(300))
                    .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).query(String.class).list());
            long read = Pattern.compile("scanCount: (\\d+)").matcher(plan).results()
                    .mapToLong(match -> Long.parseLong(match.group(1))).sum();
            assertThat(read).as("rows H2 read:%n%s", plan).isLessThan(1_000);
        }
    }

    private void files(String status, Instant completedAt, int count) {
        files("noche", status, completedAt, count);
    }

    private void files(String tag, String status, Instant completedAt, int count) {
        OffsetDateTime at = completedAt == null ? OffsetDateTime.now(ZoneOffset.UTC)
                : OffsetDateTime.ofInstant(completedAt, ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int key = keys.incrementAndGet();
            rows.add(new Object[] {tag + "-" + key + ".xml", at, status, completedAt == null ? null : at});
        }
        jdbcTemplate.batchUpdate("INSERT INTO inbound_files (original_name, source, received_at, size_bytes, sha256,"
                + " document_id, file_type, status, completed_at)"
                + " VALUES (?, 'file:inbox', ?, 1, 'x', 'd', 'XML', ?, ?)",
                rows);
    }

    private void emails(String status, Instant sentAt, int count) {
        emails("noche", status, sentAt, count);
    }

    private void emails(String tag, String status, Instant sentAt, int count) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime sent = sentAt == null ? null : OffsetDateTime.ofInstant(sentAt, ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = tag + ":" + customerId + ":" + keys.incrementAndGet();
            rows.add(new Object[] {key, customerId, status, now.plusHours(1), "<" + key + "@test>", now, sent});
        }
        jdbcTemplate.batchUpdate("INSERT INTO mail_outbox (kind, dedup_key, customer_id, recipients, locale, status,"
                + " attempts, next_attempt_at, message_id, created_at, sent_at)"
                + " VALUES ('INVOICE', ?, ?, 'noche@cliente.co', 'es-CO', ?, 0, ?, ?, ?, ?)", rows);
    }

    /** "02:15–02:20", the 5-minute interval of that instant in Bogotá. */
    private static String bucket(Instant at) {
        Instant start = Instant.ofEpochSecond(at.getEpochSecond() / 300 * 300);
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:mm");
        return start.atZone(BOGOTA).format(hour) + "–" + start.plusSeconds(300).atZone(BOGOTA).format(hour);
    }

    private static String chart(String body, String id) {
        int start = body.indexOf("<svg id=\"" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        return body.substring(start, body.indexOf("</figure>", start)); // the SVG and its caption
    }

    /** The bars' titles: one per bucket with data. */
    private static List<String> bars(String svg) {
        return Pattern.compile("<rect class=\"bar\"[^>]*><title>([^<]*)</title></rect>").matcher(svg).results()
                .map(match -> match.group(1)).toList();
    }
}
