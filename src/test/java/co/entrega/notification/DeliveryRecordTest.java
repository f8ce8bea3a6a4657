package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.DeliveredMail;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.MailboxReader;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an invoice email's row proves once the relay (GreenMail) took it: the relay's reply, the addresses, and the
 * SHA-256 of the ZIP and of the XML and PDF in it, each checked against the bytes GreenMail received. DIAN's rules on
 * the way: a ZIP over 2 MB is not attached (the row says why), a bare invoice still goes, the body names where the
 * buyer's events are received.
 */
@EntregaIntegrationTest
class DeliveryRecordTest {

    static final GreenMail smtp = TestSmtp.start();

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.issuer.reception-address", () -> "recepcion@intertec.co");
    }

    private static final Pattern NOTE = Pattern.compile("Sin adjunto: el ZIP pesa (\\d+,\\d) MB \\(([\\d.]+) bytes\\),"
            + " más que el límite de 2 MB de DIAN; el correo lleva el enlace");
    private static final long TWO_MB = 2 * 1024 * 1024;

    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();

    @Test
    void theRowRecordsTheRelaysReplyTheAddressAndTheHashesOfWhatArrived() throws Exception {
        Spec spec = invoice(34001, "844555666", "compras@prueba-entrega.co");
        drop(generator.zipFileName(spec), generator.dianZip(spec));

        Map<String, Object> row = sentInvoiceEmail("compras@prueba-entrega.co");
        MimeMessage received = received(row);
        byte[] zip = DeliveredMail.attachment(received).orElseThrow();
        Map<String, byte[]> entries = DeliveredMail.entries(zip);

        assertThat((String) row.get("relay_reply")).startsWith("250"); // GreenMail's reply to the end of DATA
        assertThat(row.get("delivered_to")).isEqualTo("compras@prueba-entrega.co");
        assertThat(row.get("sent_at")).isNotNull();
        assertThat(row.get("attachment_name")).isEqualTo(generator.zipFileName(spec)); // the ERP's DIAN name
        assertThat(((Number) row.get("attachment_size")).longValue()).isEqualTo(zip.length);
        assertThat(row.get("attachment_sha256")).isEqualTo(DeliveredMail.sha256(zip));
        byte[] xml = entry(entries, ".xml");
        byte[] pdf = entry(entries, ".pdf");
        assertThat(row.get("xml_sha256")).isEqualTo(DeliveredMail.sha256(xml));
        assertThat(row.get("pdf_sha256")).isEqualTo(DeliveredMail.sha256(pdf));
        assertThat(xml).isEqualTo(generator.attachedDocumentXml(spec)); // the documents as the ERP sent them
        assertThat(pdf).isEqualTo(generator.pdf(spec));
        assertThat(row.get("attachment_note")).isNull();

        String text = MailboxReader.read(new MimeMessage[] {received}).get(0).text();
        assertThat(text).contains("Envíe los eventos de esta factura (acuse de recibo, recibo del bien, aceptación o"
                + " reclamo) a recepcion@intertec.co.");
    }

    @Test
    void aZipOverDiansTwoMegabytesGoesAsTheLinkOnlyAndTheRowSaysWhy() throws Exception {
        Spec spec = invoice(34002, "844555667", "grande@prueba-entrega.co");
        byte[] xml = generator.attachedDocumentXml(spec);
        byte[] pdf = DeliveredMail.pdf((int) TWO_MB, false); // does not compress: the ZIP is just over 2 MB
        drop(generator.zipFileName(spec), dianZip(spec, xml, pdf));

        Map<String, Object> row = sentInvoiceEmail("grande@prueba-entrega.co");
        MimeMessage received = received(row);

        assertThat(DeliveredMail.attachment(received)).as("attachment").isEmpty();
        long invoiceId = ((Number) row.get("invoice_id")).longValue();
        assertThat(MailboxReader.read(new MimeMessage[] {received}).get(0).text())
                .contains("realizar la descarga ingresando al siguiente link")
                .contains("/facturas/" + invoiceId)
                .doesNotContain("Adjuntamos");
        Matcher note = NOTE.matcher((String) row.get("attachment_note"));
        assertThat(note.matches()).as((String) row.get("attachment_note")).isTrue();
        long zipBytes = Long.parseLong(note.group(2).replace(".", ""));
        assertThat(zipBytes).isGreaterThan(TWO_MB).isLessThan(TWO_MB + 64 * 1024);
        assertThat(note.group(1)).isEqualTo("2,1"); // rounded up: just over the limit never reads "2,0"
        assertThat(row.get("attachment_name")).isNull();
        assertThat(row.get("attachment_sha256")).isNull();
        assertThat(row.get("xml_sha256")).isEqualTo(DeliveredMail.sha256(xml)); // what the link serves
        assertThat(row.get("pdf_sha256")).isEqualTo(DeliveredMail.sha256(pdf));
    }

    @Test
    void partsLargerThanTwoMegabytesThatZipSmallerAreAttached() throws Exception {
        Spec spec = invoice(34003, "844555668", "comprime@prueba-entrega.co");
        byte[] pdf = DeliveredMail.pdf((int) (3 * TWO_MB / 2), true); // 3 MB that compress to about 1.6 MB
        drop(generator.zipFileName(spec), dianZip(spec, generator.attachedDocumentXml(spec), pdf));

        Map<String, Object> row = sentInvoiceEmail("comprime@prueba-entrega.co");
        byte[] zip = DeliveredMail.attachment(received(row)).orElseThrow();

        assertThat(zip.length).isLessThan((int) TWO_MB);
        assertThat(row.get("attachment_sha256")).isEqualTo(DeliveredMail.sha256(zip));
        assertThat(row.get("pdf_sha256")).isEqualTo(DeliveredMail.sha256(pdf));
        assertThat(row.get("attachment_note")).isNull();
    }

    @Test
    void aBareInvoiceWithoutAttachedDocumentIsStillEmailedWithTheDocumentAsItCame() throws Exception {
        Spec spec = invoice(34004, "844555669", "sin-ad@prueba-entrega.co");
        String base = generator.baseName(spec);
        drop(base + ".pdf", generator.pdf(spec));
        drop(base + ".xml", generator.invoiceXml(spec));

        Map<String, Object> row = sentInvoiceEmail("sin-ad@prueba-entrega.co");
        Map<String, byte[]> entries = DeliveredMail.entries(DeliveredMail.attachment(received(row)).orElseThrow());

        assertThat(jdbc.sql("SELECT xml_is_attached_document FROM invoices WHERE id = :id")
                .param("id", row.get("invoice_id")).query(Boolean.class).single()).isFalse();
        assertThat(entry(entries, ".xml")).isEqualTo(generator.invoiceXml(spec));
        assertThat(row.get("xml_sha256")).isEqualTo(DeliveredMail.sha256(generator.invoiceXml(spec)));
    }

    private Spec invoice(long seq, String nit, String email) {
        return SampleInvoiceGenerator.sample(seq).withCustomer(nit, "1", "Cliente " + nit, email);
    }

    private void drop(String name, byte[] content) throws Exception {
        new InboxFolder(dataDir.resolve("inbox")).drop(name, content);
    }

    private static byte[] dianZip(Spec spec, byte[] xml, byte[] pdf) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ad" + spec.number() + ".xml", xml);
        entries.put("ad" + spec.number() + ".pdf", pdf);
        return DeliveredMail.zip(entries);
    }

    private Map<String, Object> sentInvoiceEmail(String recipient) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM mail_outbox WHERE recipients = :r AND kind = 'INVOICE' AND status = 'SENT'")
                .param("r", recipient).query(Long.class).single() == 1);
        return jdbc.sql("SELECT * FROM mail_outbox WHERE recipients = :r AND kind = 'INVOICE'")
                .param("r", recipient).query().listOfRows().stream()
                .map(DeliveryRecordTest::lowerCaseKeys).findFirst().orElseThrow();
    }

    /** The message GreenMail received with this row's Message-ID. */
    private MimeMessage received(Map<String, Object> row) throws Exception {
        String messageId = (String) row.get("message_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(smtp.getReceivedMessages()).stream()
                .anyMatch(m -> messageId.equals(messageIdOf(m))));
        return List.of(smtp.getReceivedMessages()).stream().filter(m -> messageId.equals(messageIdOf(m)))
                .findFirst().orElseThrow();
    }

    private static String messageIdOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] entry(Map<String, byte[]> entries, String suffix) {
        return entries.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + suffix + " in " + entries.keySet()));
    }

    private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
        Map<String, Object> lower = new LinkedHashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }
}
