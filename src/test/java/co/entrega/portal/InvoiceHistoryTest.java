package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.OperatorLogin;
import co.entrega.support.PortalClient;
import co.entrega.support.RadianFixtures;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each invoice's history, on the customer's page and in the console: registered, emailed (accepted by the relay),
 * downloaded, every buyer's event 030 to 034 with its claim concept, the open term of a tacit acceptance counted over
 * a Colombian holiday, the CUFE and its link to DIAN's catalogue; the invoices list shows the latest state.
 */
@EntregaIntegrationTest
class InvoiceHistoryTest {

    private static final AtomicLong SEQ = new AtomicLong(81_000);
    private static final String NIT = "881000001";
    private static final String PASSWORD = "una frase larga y propia 2026";
    static final String OPERATOR = "operadora";
    static final String OPERATOR_PASSWORD = "la consola de turno 2026";
    /** A Friday; Monday 2026-01-12 is a holiday (Epiphany, moved by Ley Emiliani). */
    private static final LocalDate FRIDAY_BEFORE_HOLIDAY = LocalDate.of(2026, 1, 9);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("entrega.operator.username", () -> OPERATOR);
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private InboxFolder inbox;
    private IngestionLedger ledger;

    @BeforeEach
    void setUp() throws Exception {
        inbox = new InboxFolder(dataDir.resolve("inbox"));
        ledger = new IngestionLedger(jdbc);
    }

    @Test
    void everyEventShowsOnTheCustomersPageAndInTheConsole() throws Exception {
        Spec accepted = invoice();
        Spec claimed = invoice();
        Spec tacit = invoice();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM mail_outbox"
                + " WHERE status = 'SENT' AND kind = 'INVOICE' AND customer_id = (SELECT id FROM customers"
                + " WHERE nit = :n)").param("n", NIT).query(Long.class).single() == 3);
        choosePassword();
        PortalClient customer = new PortalClient(port);
        assertThat(customer.login(NIT, PASSWORD).location()).isEqualTo("/facturas");

        drop("acuse-" + accepted.number() + ".xml", RadianFixtures.bare(event(accepted, "030")));
        drop("recibo-" + accepted.number() + ".xml", RadianFixtures.attached(event(accepted, "032")));
        drop("aceptacion-" + accepted.number() + ".xml", RadianFixtures.bare(event(accepted, "033")));
        drop("acuse-" + claimed.number() + ".xml", RadianFixtures.bare(event(claimed, "030")));
        drop("reclamo-" + claimed.number() + ".xml", RadianFixtures.bare(event(claimed, "031")));
        drop("acuse-" + tacit.number() + ".xml", RadianFixtures.bare(event(tacit, "030")));
        drop("recibo-" + tacit.number() + ".xml", RadianFixtures.bare(event(tacit, "032")));
        assertThat(customer.get("/facturas/" + id(accepted) + "/pdf").status()).isEqualTo(200);

        String acceptedPage = customer.get("/facturas/" + id(accepted)).body();
        assertThat(acceptedPage).contains("data-kind=\"REGISTERED\"").contains("data-kind=\"EMAILED\"")
                .contains("Enviado por correo a " + NIT + "@example.co")
                .contains("data-kind=\"DOWNLOADED\"").contains("Descargado: PDF")
                .contains("data-code=\"030\"").contains("Acuse de recibo (evento 030) de " + accepted.customerName())
                .contains("data-code=\"032\"").contains("data-code=\"033\"").contains("Aceptación expresa")
                .contains(accepted.cufe())
                .contains("https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey=" + accepted.cufe())
                .contains("<span id=\"situacion\">Aceptada</span>");
        // in the order they happened: the events are dated January, before the invoice came (test data)
        assertThat(acceptedPage.indexOf("data-code=\"030\"")).isLessThan(acceptedPage.indexOf("data-code=\"032\""));
        assertThat(customer.get("/facturas/" + id(claimed)).body()).contains("data-code=\"031\"")
                .contains("Reclamo (evento 031) de " + claimed.customerName() + ": mercancía no entregada totalmente")
                .contains("<span id=\"situacion\">Reclamo</span>");

        // Received Friday 9 January, Monday 12 a holiday: Tuesday to Thursday 15 to claim, accepted Friday 16.
        String tacitPage = customer.get("/facturas/" + id(tacit)).body();
        assertThat(tacitPage).contains("data-kind=\"TACIT_ACCEPTANCE\"").contains("<time>16/01/2026</time>")
                .contains("sin reclamo hasta el 15/01/2026");
        drop("tacita-" + tacit.number() + ".xml", RadianFixtures.bare(event(tacit, "034")
                .withDate(LocalDate.of(2026, 1, 16))));
        tacitPage = customer.get("/facturas/" + id(tacit)).body();
        assertThat(tacitPage).doesNotContain("data-kind=\"TACIT_ACCEPTANCE\"").contains("data-code=\"034\"")
                .contains("Aceptación tácita (evento 034) registrada por");

        // The list: each invoice's latest state.
        String list = customer.get("/facturas").body();
        assertThat(rowOf(list, id(accepted))).contains("badge state\">Aceptada<");
        assertThat(rowOf(list, id(claimed))).contains("badge state\">Reclamo<");
        assertThat(rowOf(list, id(tacit))).contains("badge state\">Aceptada tácitamente<");

        // The console: the same history, with the emails' links.
        PortalClient console = OperatorLogin.logIn(port, OPERATOR, OPERATOR_PASSWORD);
        String consolePage = console.get("/ops/facturas/" + id(claimed)).body();
        assertThat(consolePage).contains("data-code=\"030\"").contains("data-code=\"031\"")
                .contains("mercancía no entregada totalmente").contains(claimed.cufe())
                .containsPattern("href=\"/ops/correos/\\d+\"").contains("AttachedDocument de la DIAN");
        for (Spec spec : new Spec[] {accepted, tacit}) {
            assertThat(console.get("/ops/facturas/" + id(spec)).body()).contains("data-code=\"030\"")
                    .contains("data-code=\"032\"");
        }
        assertThat(console.get("/ops/facturas/" + id(tacit)).body()).contains("data-code=\"034\"");
        assertThat(console.get("/ops/facturas/" + id(accepted)).body()).contains("data-code=\"033\"");
    }

    @Test
    void aCustomerSeesOnlyTheirOwnInvoicesHistory() throws Exception {
        Spec theirs = SampleInvoiceGenerator.sample(SEQ.incrementAndGet()).withCustomer("881000002", "2",
                "Otra Empresa S.A.S.", "otra@example.co");
        drop(generator.zipFileName(theirs), generator.dianZip(theirs));
        invoice();
        choosePassword();
        PortalClient customer = new PortalClient(port);
        customer.login(NIT, PASSWORD);
        assertThat(customer.get("/facturas/" + id(theirs)).status()).isEqualTo(404);
    }

    private Spec invoice() throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(SEQ.incrementAndGet()).withCustomer(NIT, "1",
                "Historia S.A.S.", NIT + "@example.co");
        drop(generator.zipFileName(invoice), generator.dianZip(invoice));
        return invoice;
    }

    private void choosePassword() {
        // once the credential emails are sent: composing the password email issues the temporary password
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM mail_outbox o"
                + " JOIN portal_accounts a ON a.id = o.account_id WHERE a.username = :u AND o.kind = 'PASSWORD'"
                + " AND o.status = 'SENT'").param("u", NIT).query(Long.class).single() == 1);
        jdbc.sql("UPDATE portal_accounts SET password_hash = :h, must_change_password = FALSE,"
                        + " password_changed_at = CURRENT_TIMESTAMP WHERE username = :u")
                .param("h", encoder.encode(PASSWORD)).param("u", NIT).update();
    }

    private long id(Spec spec) {
        return jdbc.sql("SELECT id FROM invoices WHERE number = :n").param("n", spec.number()).query(Long.class)
                .single();
    }

    private static RadianFixtures.Event event(Spec invoice, String code) {
        return RadianFixtures.on(invoice, code, FRIDAY_BEFORE_HOLIDAY);
    }

    private static String rowOf(String page, long invoiceId) {
        int start = page.indexOf("<tr data-id=\"" + invoiceId + "\"");
        assertThat(start).as("row of invoice " + invoiceId).isGreaterThanOrEqualTo(0);
        return page.substring(start, page.indexOf("</tr>", start));
    }

    /** Drops the file and waits until it is decided, registered or recorded. */
    private void drop(String name, byte[] content) throws Exception {
        inbox.drop(name, content);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(name)
                .map(f -> f.status().equals("REGISTERED") || f.status().equals("RECORDED")
                        || f.status().equals("QUARANTINED")).orElse(false));
        assertThat(ledger.inbound(name).orElseThrow().status()).as(name + ": " + ledger.inbound(name).get().detail())
                .isIn("REGISTERED", "RECORDED");
    }
}
