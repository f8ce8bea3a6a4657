package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import co.entrega.ingestion.DeliveryReports;
import co.entrega.ingestion.Invoices;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.DeliveredMail;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.OperatorLogin;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

/**
 * The constancia de entrega in the console, over real HTTP, of emails GreenMail really received: the email's page,
 * its PDF read back with PDFBox, the CSV of a period, and the flags of what DIAN's rules changed (a ZIP over 2 MB, an
 * invoice the ERP sent without its AttachedDocument).
 */
@EntregaIntegrationTest
class DeliveryProofConsoleTest {

    static final String OPERATOR = "operadora";
    static final String OPERATOR_PASSWORD = "la constancia de turno 2026";
    static final GreenMail smtp = TestSmtp.start();

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.operator.username", () -> OPERATOR);
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
        registry.add("entrega.portal.login-throttle.address-free-failures", () -> "10000");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeliveryReports reports;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    /** One login for the class: the authenticator app's codes are accepted once each. */
    private static PortalClient console;

    @BeforeEach
    void logIn() throws Exception {
        if (console == null) {
            console = OperatorLogin.logIn(port, OPERATOR, OPERATOR_PASSWORD);
        }
    }

    @Test
    void theEmailPageAndItsPdfNameTheHashesTheMessageIdAndTheAddressOfWhatArrived() throws Exception {
        String buyer = "Ñandú & Cía. <b>¿Sí?</b>";
        Spec spec = SampleInvoiceGenerator.sample(35001).withCustomer("855666777", "2", buyer,
                "constancia@prueba-entrega.co");
        drop(generator.zipFileName(spec), generator.dianZip(spec));
        long mailId = sentInvoiceEmail("constancia@prueba-entrega.co");
        MimeMessage received = received(mailId);
        byte[] zip = DeliveredMail.attachment(received).orElseThrow();
        String zipSha = DeliveredMail.sha256(zip);
        String xmlSha = DeliveredMail.sha256(generator.attachedDocumentXml(spec));
        String pdfSha = DeliveredMail.sha256(generator.pdf(spec));

        Page page = console.get("/ops/correos/" + mailId);
        assertThat(page.body()).contains("Constancia de entrega").contains(zipSha).contains(xmlSha).contains(pdfSha)
                .contains("250 OK").contains("constancia@prueba-entrega.co").contains(spec.cufe())
                .contains("Ñandú &amp; Cía. &lt;b&gt;¿Sí?&lt;/b&gt;").doesNotContain("<b>¿Sí?</b>")
                .contains("/ops/correos/" + mailId + "/constancia.pdf");

        HttpResponse<byte[]> pdf = console.download("/ops/correos/" + mailId + "/constancia.pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("content-disposition").orElseThrow())
                .contains("constancia-entrega-" + spec.number() + "-" + mailId + ".pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Constancia de entrega").contains(zipSha).contains(xmlSha).contains(pdfSha)
                    .contains(received.getMessageID()).contains("constancia@prueba-entrega.co").contains("250 OK")
                    .contains(spec.number()).contains(buyer)
                    .contains(generator.zipFileName(spec) + " (" + zip.length + " bytes)");
            assertThat(text.replaceAll("\\s", "")).contains(spec.cufe()); // 96 hex digits: wrapped on the page
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'DELIVERY_PROOF_PDF' AND target_id = :id")
                .param("id", Long.toString(mailId)).query(Long.class).single()).isEqualTo(1);

        // An email that is not an invoice email has no constancia.
        long activation = jdbc.sql("SELECT id FROM mail_outbox WHERE recipients = :r AND kind = 'ACTIVATION'")
                .param("r", "constancia@prueba-entrega.co").query(Long.class).single();
        assertThat(console.download("/ops/correos/" + activation + "/constancia.pdf").statusCode()).isEqualTo(404);
    }

    @Test
    void theCsvOfAPeriodHasOneRowPerInvoiceEmailTheRelayAcceptedInIt() throws Exception {
        // A buyer's name a spreadsheet would run as a formula
        Spec spec = SampleInvoiceGenerator.sample(35002).withCustomer("855666778", "3", "=HIPERVINCULO(\"x\") S.A.S.",
                "periodo@prueba-entrega.co");
        drop(generator.zipFileName(spec), generator.dianZip(spec));
        long mailId = sentInvoiceEmail("periodo@prueba-entrega.co");
        String zipSha = DeliveredMail.sha256(DeliveredMail.attachment(received(mailId)).orElseThrow());
        LocalDate today = LocalDate.now(DashboardPage.ISSUER_ZONE);

        List<CSVRecord> rows = csv("/ops/constancias.csv?desde=" + today.minusDays(1) + "&hasta=" + today);
        Set<Long> expected = Set.copyOf(jdbc.sql("SELECT id FROM mail_outbox WHERE kind = 'INVOICE' AND sent_at >= :from")
                .param("from", OffsetDateTime.now().minusDays(3)).query(Long.class).list());
        assertThat(rows.stream().map(r -> Long.parseLong(r.get("Correo"))).collect(Collectors.toSet()))
                .isEqualTo(expected).contains(mailId);
        CSVRecord row = rows.stream().filter(r -> r.get("Correo").equals(Long.toString(mailId))).findFirst().orElseThrow();
        assertThat(row.get("Número")).isEqualTo(spec.number());
        assertThat(row.get("Tipo")).isEqualTo("factura electrónica de venta");
        assertThat(row.get("CUFE/CUDE")).isEqualTo(spec.cufe());
        assertThat(row.get("NIT del comprador")).isEqualTo("855666778");
        assertThat(row.get("Comprador")).isEqualTo("'=HIPERVINCULO(\"x\") S.A.S.");
        assertThat(row.get("Enviado a")).isEqualTo("periodo@prueba-entrega.co");
        assertThat(row.get("Respuesta del servidor")).isEqualTo("250 OK");
        assertThat(row.get("Message-ID")).isEqualTo("<entrega.invoice." + invoiceIdOf(mailId) + "@intertec.co>");
        assertThat(row.get("SHA-256 del ZIP")).isEqualTo(zipSha);
        assertThat(row.get("SHA-256 del XML")).isEqualTo(DeliveredMail.sha256(generator.attachedDocumentXml(spec)));
        assertThat(row.get("SHA-256 del PDF")).isEqualTo(DeliveredMail.sha256(generator.pdf(spec)));
        assertThat(OffsetDateTime.parse(row.get("Aceptado (hora de Colombia)")).getOffset().getTotalSeconds())
                .isEqualTo(-5 * 3600);

        assertThat(csv("/ops/constancias.csv?desde=" + today.minusDays(9) + "&hasta=" + today.minusDays(8)))
                .as("a period before any email").isEmpty();
        assertThat(console.download("/ops/constancias.csv?desde=" + today + "&hasta=" + today.minusDays(1))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void anInvoiceWithoutAttachedDocumentIsFlaggedOnItsRowAndItsEmailPage() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(35003).withCustomer("855666779", "4", "Sin AD S.A.S.",
                "sin-ad@prueba-entrega.co");
        String base = generator.baseName(spec);
        drop(base + ".pdf", generator.pdf(spec));
        drop(base + ".xml", generator.invoiceXml(spec));
        long mailId = sentInvoiceEmail("sin-ad@prueba-entrega.co");
        long customerId = jdbc.sql("SELECT customer_id FROM mail_outbox WHERE id = :id").param("id", mailId)
                .query(Long.class).single();

        String customer = console.get("/ops/clientes/" + customerId).body();
        assertThat(customer).contains(spec.number()).contains("data-warning=\"sin-attached-document\"")
                .contains(Invoices.WITHOUT_ATTACHED_DOCUMENT);
        assertThat(console.get("/ops/correos/" + mailId).body()).contains("id=\"advertencia-documento\"")
                .contains(Invoices.WITHOUT_ATTACHED_DOCUMENT).contains("Constancia de entrega");

        // An invoice that came as DIAN's AttachedDocument carries no flag.
        Spec attached = SampleInvoiceGenerator.sample(35004).withCustomer("855666779", "4", "Sin AD S.A.S.",
                "sin-ad@prueba-entrega.co");
        drop(generator.zipFileName(attached), generator.dianZip(attached));
        await().atMost(Duration.ofSeconds(60)).until(() -> console.get("/ops/clientes/" + customerId).body()
                .contains(attached.number()));
        assertThat(console.get("/ops/clientes/" + customerId).body().split("data-warning=").length - 1).isEqualTo(1);
    }

    @Test
    void theEmailPageSaysWhyAZipOverTwoMegabytesWasNotAttached() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(35005).withCustomer("855666780", "5", "Grande S.A.S.",
                "grande@prueba-entrega.co");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ad" + spec.number() + ".xml", generator.attachedDocumentXml(spec));
        // 2.4 MB that do not compress: the ZIP weighs a little more, 2,5 MB rounded up
        entries.put("ad" + spec.number() + ".pdf", DeliveredMail.pdf(24 * 1024 * 1024 / 10, false));
        drop(generator.zipFileName(spec), DeliveredMail.zip(entries));
        long mailId = sentInvoiceEmail("grande@prueba-entrega.co");

        assertThat(console.get("/ops/correos/" + mailId).body())
                .containsPattern("id=\"nota-adjunto\">Sin adjunto: el ZIP pesa 2,5 MB \\([\\d.]+ bytes\\), más que el"
                        + " límite de 2 MB de DIAN; el correo lleva el enlace<");
        try (PDDocument document = Loader.loadPDF(console.download("/ops/correos/" + mailId + "/constancia.pdf").body())) {
            assertThat(new PDFTextStripper().getText(document)).contains("Sin adjunto: el ZIP pesa 2,5 MB");
        }
    }

    @Test
    void aBounceReadSinceAndTheBuyersEventsAreInTheConstancia() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(35006).withCustomer("855666781", "6", "Eventos S.A.S.",
                "eventos@prueba-entrega.co");
        drop(generator.zipFileName(spec), generator.dianZip(spec));
        long mailId = sentInvoiceEmail("eventos@prueba-entrega.co");
        // The buyer acknowledges receipt (030) through the inbox, and the reception mailbox reads a bounce
        String event = "acuse-" + spec.number() + ".xml";
        drop(event, generator.eventXml(SampleInvoiceGenerator.event(spec, "030", spec.issueDate().plusDays(1))));
        await().atMost(Duration.ofSeconds(60)).until(() -> new IngestionLedger(jdbc).inbound(event)
                .map(f -> f.status().equals("RECORDED")).orElse(false));
        String messageId = jdbc.sql("SELECT message_id FROM mail_outbox WHERE id = :id").param("id", mailId)
                .query(String.class).single();
        assertThat(reports.bounced(messageId, "eventos@prueba-entrega.co", "5.2.2", "mailbox full",
                OffsetDateTime.now()).result()).isEqualTo(DeliveryReports.Result.APPLIED);

        assertThat(console.get("/ops/correos/" + mailId).body()).contains("id=\"constancia-rebote\"")
                .contains("Este envío rebotó").contains("mailbox full")
                .contains("Evento 030 (acuse de recibo)");
        try (PDDocument document = Loader.loadPDF(console.download("/ops/correos/" + mailId + "/constancia.pdf").body())) {
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " "))
                    .contains("el correo rebotó el").contains("mailbox full")
                    .contains("Evento 030 (acuse de recibo)");
        }
        LocalDate today = LocalDate.now(DashboardPage.ISSUER_ZONE);
        CSVRecord row = csv("/ops/constancias.csv?desde=" + today.minusDays(1) + "&hasta=" + today).stream()
                .filter(r -> r.get("Correo").equals(Long.toString(mailId))).findFirst().orElseThrow();
        assertThat(row.get("Estado")).isEqualTo("BOUNCED");
        assertThat(row.get("Motivo del rebote")).contains("mailbox full");
        assertThat(row.get("Rebote (hora de Colombia)")).isNotBlank();
        assertThat(row.get("Último evento del comprador")).isEqualTo("Evento 030 (acuse de recibo)");
        assertThat(row.get("Fecha del evento")).isEqualTo(spec.issueDate().plusDays(1).toString());
    }

    private List<CSVRecord> csv(String path) throws Exception {
        HttpResponse<byte[]> response = console.download(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(response.body()).startsWith(0xEF, 0xBB, 0xBF); // the BOM Excel reads UTF-8 by
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                .get().parse(new InputStreamReader(BOMInputStream.builder()
                        .setInputStream(new ByteArrayInputStream(response.body())).get(), StandardCharsets.UTF_8))) {
            assertThat(parser.getHeaderNames()).containsExactly(DeliveryProofCsv.HEADER);
            return parser.getRecords();
        }
    }

    private void drop(String name, byte[] content) throws Exception {
        new InboxFolder(dataDir.resolve("inbox")).drop(name, content);
    }

    private long sentInvoiceEmail(String recipient) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM mail_outbox WHERE recipients = :r AND kind = 'INVOICE' AND status = 'SENT'")
                .param("r", recipient).query(Long.class).single() >= 1);
        return jdbc.sql("SELECT MIN(id) FROM mail_outbox WHERE recipients = :r AND kind = 'INVOICE'")
                .param("r", recipient).query(Long.class).single();
    }

    private long invoiceIdOf(long mailId) {
        return jdbc.sql("SELECT invoice_id FROM mail_outbox WHERE id = :id").param("id", mailId).query(Long.class)
                .single();
    }

    private MimeMessage received(long mailId) throws Exception {
        String messageId = jdbc.sql("SELECT message_id FROM mail_outbox WHERE id = :id").param("id", mailId)
                .query(String.class).single();
        await().atMost(Duration.ofSeconds(10)).until(() -> find(messageId) != null);
        return find(messageId);
    }

    private static MimeMessage find(String messageId) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (messageId.equals(message.getMessageID())) {
                return message;
            }
        }
        return null;
    }
}
