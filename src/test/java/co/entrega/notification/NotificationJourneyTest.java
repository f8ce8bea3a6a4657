package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.support.NotifyRuns;
import co.entrega.support.MailboxReader;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.provisioning.OneTimeSecrets;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.TestSmtp;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ingestion to mailbox, through a real SMTP server (GreenMail): the notify job, the outbox and Camel Mail.
 */
@EntregaIntegrationTest
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class NotificationJourneyTest {

    static final GreenMail smtp = TestSmtp.start();

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.jobs.notify-recipients.run-after-ingestion", () -> "false");
        registry.add("entrega.portal.base-url", () -> "https://facturas.intertec.co");
    }

    private static final Pattern ACTIVATION_URL = Pattern.compile("https://facturas\\.intertec\\.co/acceso/([A-Za-z0-9_-]{43})");

    @Autowired
    NotifyJobRunner runner;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwordEncoder;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private InboxFolder inbox;
    private IngestionLedger ledger;

    @BeforeEach
    void setUp() throws Exception {
        inbox = new InboxFolder(dataDir.resolve("inbox"));
        ledger = new IngestionLedger(jdbc);
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void firstInvoiceBringsActivationThenPasswordThenInvoiceAndARerunSendsNothing(CapturedOutput output)
            throws Exception {
        Spec first = SampleInvoiceGenerator.sample(20001).withCustomer("811222333", "4", "Café Ñapa S.A.S.",
                "compras@napa.co");
        ingest(first);

        assertThat(NotifyRuns.runWhenLockFree(runner).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<MailboxReader.Mail> mails = awaitMails(3);

        assertThat(mails).extracting(MailboxReader.Mail::subject).containsExactly("Activación de usuario",
                "Contraseña de acceso", "900123456;Intertec S.A.S.;" + first.number() + ";01;Intertec S.A.S.");
        assertThat(mails).allSatisfy(mail -> assertThat(mail.to()).isEqualTo("compras@napa.co"));

        MailboxReader.Mail activation = mails.get(0);
        assertThat(activation.text()).contains("\nUsuario: 811222333\n");
        assertThat(activation.html()).contains(">Usuario: 811222333</p>");
        Matcher url = ACTIVATION_URL.matcher(activation.text());
        assertThat(url.find()).isTrue();
        String token = url.group(1);
        Map<String, Object> account = jdbc.sql("SELECT * FROM portal_accounts WHERE username = '811222333'")
                .query().singleRow();
        assertThat(jdbc.sql("SELECT secret_hash FROM account_credentials WHERE account_id = :a AND kind = 'ACTIVATION'")
                .param("a", account.get("id")).query(String.class).list())
                .containsExactly(OneTimeSecrets.hashToken(token));

        MailboxReader.Mail password = mails.get(1);
        Matcher pw = Pattern.compile("\nContraseña: (\\S+)\n").matcher(password.text());
        assertThat(pw.find()).isTrue();
        String temporaryPassword = pw.group(1);
        assertThat(temporaryPassword).hasSizeGreaterThanOrEqualTo(12);
        assertThat(password.html()).contains(">Contraseña: " + temporaryPassword + "</p>");
        assertThat(passwordEncoder.matches(temporaryPassword, (String) account.get("password_hash"))).isTrue();

        MailboxReader.Mail invoice = mails.get(2);
        long invoiceId = ((Number) ledger.invoice(first.number()).get("id")).longValue();
        assertThat(invoice.text()).contains("descarga ingresando al siguiente link https://facturas.intertec.co/facturas/" + invoiceId);
        assertThat(invoice.html()).contains("href=\"https://facturas.intertec.co/facturas/" + invoiceId + "\"");
        assertThat(invoice.text()).contains("Café Ñapa S.A.S.").contains(first.number()).contains("COP");
        assertThat(invoice.attachmentName()).isEqualTo(generator.zipFileName(first));
        assertThat(invoice.attachment().values()).containsExactlyInAnyOrder(generator.attachedDocumentXml(first),
                generator.pdf(first));

        // Secrets exist only in the emails: never in the database, never in the log.
        String everything = jdbc.sql("SELECT COALESCE(subject, '') || COALESCE(body_text, '') FROM mail_outbox")
                .query(String.class).list() + account.values().toString()
                + jdbc.sql("SELECT * FROM account_credentials").query().listOfRows();
        assertThat(everything).doesNotContain(token).doesNotContain(temporaryPassword);
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(temporaryPassword);

        // A rerun queues and sends nothing.
        assertThat(NotifyRuns.runWhenLockFree(runner).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == 3);
    }

    @Test
    void aSecondInvoiceBringsOnlyItsEmailAndThreeInOneRunBringTwoCredentialsAndThree() throws Exception {
        Spec known = SampleInvoiceGenerator.sample(20101).withCustomer("822333444", "1", "Uno S.A.S.", "uno@uno.co");
        ingest(known);
        NotifyRuns.runWhenLockFree(runner);
        awaitMails(3);
        smtp.purgeEmailFromAllMailboxes();

        ingest(SampleInvoiceGenerator.sample(20102).withCustomer("822333444", "1", "Uno S.A.S.", "uno@uno.co"));
        NotifyRuns.runWhenLockFree(runner);
        assertThat(awaitMails(1)).extracting(MailboxReader.Mail::subject).allMatch(s -> s.startsWith("900123456;"));
        smtp.purgeEmailFromAllMailboxes();

        for (long seq = 20201; seq <= 20203; seq++) {
            ingest(SampleInvoiceGenerator.sample(seq).withCustomer("833444555", "2", "Tres Ltda.", "tres@tres.co"));
        }
        NotifyRuns.runWhenLockFree(runner);
        List<MailboxReader.Mail> mails = awaitMails(5);
        assertThat(mails).extracting(MailboxReader.Mail::subject).filteredOn(s -> s.startsWith("900123456;")).hasSize(3);
        assertThat(mails.subList(0, 2)).extracting(MailboxReader.Mail::subject)
                .containsExactly("Activación de usuario", "Contraseña de acceso");
    }

    private void ingest(Spec spec) throws Exception {
        inbox.drop(generator.zipFileName(spec), generator.dianZip(spec));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(generator.zipFileName(spec))
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
    }

    private List<MailboxReader.Mail> awaitMails(int count) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= count);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == count);
        return MailboxReader.read(smtp.getReceivedMessages());
    }
}
