package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.MailFixtures;
import co.entrega.support.MailboxReader;
import co.entrega.support.OperatorLogin;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reception mailbox, in demonstration mode: the mail catcher's own IMAP for the sender's address is the mailbox.
 * A delivery report sent there makes the invoice email BOUNCED with the remote reason and marks the customer's
 * address; an operator fixes the address and resends, and the email goes once to the new one. A buyer's event
 * attached to an email is recorded against its invoice; an invoice attached is not registered.
 */
@EntregaIntegrationTest
class ReceptionMailboxTest {

    static final String OPERATOR = "operadora";
    static final String OPERATOR_PASSWORD = "la consola de turno 2026";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("entrega.mail.inbound.poll-interval", () -> "300ms");
        registry.add("entrega.mail.inbound.max-size", () -> "256KB");
        registry.add("entrega.operator.username", () -> OPERATOR);
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    EmbeddedMailCatcher catcher;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private NotificationFixture fixture;
    /** One login for the class: the authenticator app's codes are accepted once each. */
    private static PortalClient console;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new NotificationFixture(dataDir, jdbc);
        if (console == null) {
            console = OperatorLogin.logIn(port, OPERATOR, OPERATOR_PASSWORD);
        }
    }

    @Test
    void aBounceMarksTheEmailAndTheAddressAndAFixedAddressGetsItOnce() throws Exception {
        String wrong = "cliente.errado@example.co";
        fixture.ingest(fixture.invoiceFor(61001, "861000001", wrong));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT", wrong) == 3);
        Map<String, Object> invoiceMail = jdbc.sql("SELECT id, message_id, customer_id, invoice_id FROM mail_outbox"
                + " WHERE recipients = :r AND kind = 'INVOICE'").param("r", wrong).query().singleRow();
        long mailId = ((Number) invoiceMail.get("id")).longValue();
        long customerId = ((Number) invoiceMail.get("customer_id")).longValue();
        double bouncedBefore = bouncedCount();

        deliverToReception(fixture("postfix-dsn-user-unknown.eml", (String) invoiceMail.get("message_id"), wrong));

        await().atMost(Duration.ofSeconds(20)).until(() -> status(mailId).equals("BOUNCED"));
        assertThat(jdbc.sql("SELECT bounce_reason FROM mail_outbox WHERE id = :id").param("id", mailId)
                .query(String.class).single()).contains(wrong).contains("550 5.1.1").contains("Recipient address rejected");
        Map<String, Object> received = jdbc.sql("SELECT status, file_type, invoice_id, detail FROM inbound_files"
                + " WHERE file_type = 'EMAIL' ORDER BY id DESC LIMIT 1").query().singleRow();
        assertThat(received.get("status")).isEqualTo("RECORDED");
        assertThat(((Number) received.get("invoice_id")).longValue())
                .isEqualTo(((Number) invoiceMail.get("invoice_id")).longValue());
        assertThat((String) received.get("detail")).contains("quedó BOUNCED");
        await().atMost(Duration.ofSeconds(5)).until(() -> bouncedCount() == bouncedBefore + 1);
        // only the invoice email bounced; the credential emails stay SENT
        assertThat(fixture.outboxCount("SENT", wrong)).isEqualTo(2);

        // The console lists it beside the failed ones, and the customer's page says the address bounced.
        Page bounced = console.get("/ops/correos?estado=BOUNCED");
        assertThat(bounced.body()).contains("data-mail=\"" + mailId + "\"").contains("550 5.1.1");
        Page customer = console.get("/ops/clientes/" + customerId);
        assertThat(customer.body()).contains("id=\"correo-rebotado\"").contains(wrong).contains("reenviar-rebotados");

        // Fixed, then resent: once, to the new address.
        String right = "cliente.correcto@example.co";
        console.follow(console.post("/ops/clientes/" + customerId + "/correo",
                Map.of("correo", right, "comentario", "el cliente llamó con su correo")));
        assertThat(console.get("/ops/clientes/" + customerId).body()).doesNotContain("id=\"correo-rebotado\"");
        Page resent = console.follow(console.post("/ops/clientes/" + customerId + "/reenviar-rebotados", Map.of()));
        assertThat(resent.body()).contains("1 correo(s) rebotado(s) se enviarán de nuevo a " + right);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(mailId).equals("SENT"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> mailsTo(right).size() == 1);
        assertThat(mailsTo(right).get(0).attachmentName()).endsWith(".zip");
        // nothing more to resend
        assertThat(console.follow(console.post("/ops/clientes/" + customerId + "/reenviar-rebotados", Map.of()))
                .body()).contains("0 correo(s) rebotado(s)");
        assertThat(console.get("/ops/auditoria").body()).contains("MAIL_RESEND_BOUNCED");
    }

    @Test
    void aReportAboutAnEmailEntregaDidNotSendIsQuarantinedAndChangesNothing() throws Exception {
        long bouncedBefore = fixture.outboxCount("BOUNCED");
        deliverToReception(fixture("postfix-dsn-user-unknown.eml", "<otro.sistema.123@proveedor.co>",
                "alguien@example.co"));

        await().atMost(Duration.ofSeconds(20)).until(() -> quarantined("BOUNCE_UNKNOWN_MESSAGE") > 0);
        assertThat(jdbc.sql("SELECT reason FROM quarantine WHERE reason_code = 'BOUNCE_UNKNOWN_MESSAGE'")
                .query(String.class).list()).anySatisfy(reason -> assertThat(reason)
                .contains("alguien@example.co").contains("<otro.sistema.123@proveedor.co>"));
        assertThat(fixture.outboxCount("BOUNCED")).isEqualTo(bouncedBefore);
    }

    @Test
    void aMalformedReportIsQuarantinedAndChangesNothing() throws Exception {
        String address = "malformado@example.co";
        fixture.ingest(fixture.invoiceFor(61004, "861000004", address));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT", address) == 3);
        String messageId = jdbc.sql("SELECT message_id FROM mail_outbox WHERE recipients = :r AND kind = 'INVOICE'")
                .param("r", address).query(String.class).single();

        deliverToReception(fixture("malformed-dsn-garbage-status.eml", messageId, address));

        await().atMost(Duration.ofSeconds(20)).until(() -> quarantined("MAIL_MALFORMED_REPORT") > 0);
        assertThat(jdbc.sql("SELECT reason FROM quarantine WHERE reason_code = 'MAIL_MALFORMED_REPORT'")
                .query(String.class).list()).anySatisfy(reason -> assertThat(reason)
                .contains("Aviso de entrega ilegible").contains("No se cambió nada"));
        assertThat(fixture.outboxCount("SENT", address)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customers WHERE nit = '861000004' AND email_bounced IS NOT NULL")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aMessageOverTheSizeLimitIsQuarantinedWithItsHeadersOnly() throws Exception {
        byte[] large = new byte[400 * 1024];
        new java.util.Random(7).nextBytes(large);
        deliverToReception(withAttachment("Planos del proyecto", "planos.bin", large, "application/octet-stream"));

        await().atMost(Duration.ofSeconds(20)).until(() -> quarantined("MAIL_TOO_LARGE") > 0);
        Map<String, Object> file = jdbc.sql("SELECT f.size_bytes, q.reason FROM quarantine q JOIN inbound_files f"
                + " ON f.id = q.inbound_file_id WHERE q.reason_code = 'MAIL_TOO_LARGE'").query().singleRow();
        assertThat((String) file.get("reason")).contains("eventos@proveedor-tecnologico.co")
                .contains("Planos del proyecto").contains("262144 bytes").contains("sigue en el buzón");
        // only its headers were kept
        assertThat(((Number) file.get("size_bytes")).longValue()).isLessThan(10_000);
    }

    @Test
    void aPersonsMessageIsQuarantinedForAnOperatorToRead() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("pagos@comprador.co"));
        message.setSubject("Consulta sobre la factura SETP990000007");
        message.setText("Buenos días, ¿pueden reenviar la factura?", "UTF-8");
        message.saveChanges();
        deliverToReception(message);

        await().atMost(Duration.ofSeconds(20)).until(() -> quarantined("MAIL_NOT_UNDERSTOOD") > 0);
        assertThat(jdbc.sql("SELECT reason FROM quarantine WHERE reason_code = 'MAIL_NOT_UNDERSTOOD'")
                .query(String.class).list()).anySatisfy(reason -> assertThat(reason)
                .contains("pagos@comprador.co").contains("Consulta sobre la factura SETP990000007"));
    }

    @Test
    void aBuyersEventAttachedToAnEmailIsRecordedAndAnInvoiceAttachedIsNot() throws Exception {
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        SampleInvoiceGenerator.Spec invoice = fixture.invoiceFor(61002, "861000002", "compras@comprador.co");
        fixture.ingest(invoice);
        long invoiceId = jdbc.sql("SELECT id FROM invoices WHERE number = :n").param("n", invoice.number())
                .query(Long.class).single();
        SampleInvoiceGenerator.EventSpec receipt = SampleInvoiceGenerator.event(invoice, "030", LocalDate.now());
        String zipName = "ar" + receipt.number() + ".zip";

        deliverToReception(withAttachment("Evento;" + receipt.number() + ";861000002;030", zipName,
                generator.eventZip(receipt), "application/zip"));

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT COUNT(*) FROM buyer_events"
                + " WHERE invoice_id = :i AND code = '030'").param("i", invoiceId).query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT status FROM inbound_files WHERE original_name = :n").param("n", zipName)
                .query(String.class).single()).isEqualTo("RECORDED");
        assertThat(jdbc.sql("SELECT detail FROM inbound_files WHERE file_type = 'EMAIL' AND detail LIKE :d")
                .param("d", "%" + zipName + "%").query(String.class).single()).contains("1 documento(s)");

        // A supplier's invoice sent to the reception address is the issuer's purchase, not one of its invoices.
        SampleInvoiceGenerator.Spec supplierInvoice = fixture.invoiceFor(61003, "861000003", "otro@comprador.co");
        deliverToReception(withAttachment("Factura de un proveedor", generator.zipFileName(supplierInvoice),
                generator.dianZip(supplierInvoice), "application/zip"));
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantined("MAIL_INVOICE_NOT_EXPECTED") > 0);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invoices WHERE number = :n").param("n", supplierInvoice.number())
                .query(Long.class).single()).isZero();
    }

    private static MimeMessage withAttachment(String subject, String name, byte[] content, String type)
            throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("eventos@proveedor-tecnologico.co"));
        message.setSubject(subject, "UTF-8");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Evento electrónico adjunto.", "UTF-8");
        parts.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(content, type)));
        file.setFileName(name);
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        parts.addBodyPart(file);
        message.setContent(parts);
        message.saveChanges();
        return message;
    }

    /** A real bounce (src/test/resources/mail), pointed at an email this test sent. */
    private static MimeMessage fixture(String name, String messageId, String recipient) {
        return MailFixtures.parse(MailFixtures.pointedAt(name, messageId, recipient));
    }

    /** Through the catcher's SMTP, to the reception address, as the remote server's report would arrive. */
    private void deliverToReception(MimeMessage message) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(catcher.smtpPort()));
        Session session = Session.getInstance(props);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            // sendMessage, not Transport.send: the message goes as it is, its own Message-ID kept
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(catcher.address())});
        }
    }

    private String status(long mailId) {
        return jdbc.sql("SELECT status FROM mail_outbox WHERE id = :id").param("id", mailId).query(String.class)
                .single();
    }

    private long quarantined(String code) {
        return jdbc.sql("SELECT COUNT(*) FROM quarantine WHERE reason_code = :c").param("c", code)
                .query(Long.class).single();
    }

    private double bouncedCount() {
        return meters.get("entrega.mail.messages").tag("kind", "invoice").tag("outcome", "bounced").counter()
                .count();
    }

    private List<MailboxReader.Mail> mailsTo(String address) throws IOException, jakarta.mail.MessagingException {
        return MailboxReader.read(catcher.messages()).stream().filter(m -> m.to() != null && m.to().contains(address)).toList();
    }
}
