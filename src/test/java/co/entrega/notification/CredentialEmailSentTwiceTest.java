package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.provisioning.Accounts;
import co.entrega.provisioning.OneTimeSecrets;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.MailboxReader;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A credential email sent twice is harmless. The SMTP server accepts the activation email (or the password email),
 * and the sender dies before the outbox records it SENT: the same outbox message is sent again when its claim
 * expires, composed again, with new secrets. The customer who follows either copy gets in; the access URL still
 * works once; a reissue by an operator still ends every earlier copy. (The crash is left in the outbox as it leaves
 * it, SENDING with an expired claim, rather than thrown from a spied MailOutbox, which the sender threads race with
 * while it is stubbed.)
 */
@EntregaIntegrationTest
@DirtiesContext
class CredentialEmailSentTwiceTest {

    static final GreenMail smtp = TestSmtp.start();
    static final String CHOSEN = "una frase larga y propia 2026";
    private static final Pattern ACCESS_URL = Pattern.compile("http://localhost:8080/acceso/([A-Za-z0-9_-]{43})");
    private static final Pattern PASSWORD = Pattern.compile("\nContraseña: (\\S+)\n");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.mail.claim-timeout", () -> "2s");
        // Many wrong logins on purpose, all from 127.0.0.1: no lock gets in the way.
        registry.add("entrega.portal.login-throttle.address-free-failures", () -> "10000");
        registry.add("entrega.portal.login-throttle.account-free-failures", () -> "10000");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Accounts accounts;
    @Autowired
    OutboxAdmin outboxAdmin;
    @Autowired
    TransactionTemplate transactions;
    @Value("${entrega.data-dir}")
    Path dataDir;
    @LocalServerPort
    int port;

    private NotificationFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new NotificationFixture(dataDir, jdbc);
    }

    @Test
    void eitherCopyOfTheAccessUrlWorksOnceWithEitherCopysPasswordUntilThePasswordIsChosen() throws Exception {
        // First customer: the first copy's URL with the first copy's password.
        Emails first = newCustomerWithEveryCredentialEmailSentTwice(36001, "860000001");
        assertThat(first.activation().get(0).messageId()).isEqualTo(first.activation().get(1).messageId());
        assertThat(first.password().get(0).messageId()).isEqualTo(first.password().get(1).messageId());
        assertThat(first.token(0)).isNotEqualTo(first.token(1));
        assertThat(first.password(0)).isNotEqualTo(first.password(1));
        assertStoredOnlyHashed(first);

        PortalClient browser = new PortalClient(port);
        assertThat(loginThroughAccessUrl(browser, first, 0, 0).location()).isEqualTo("/cuenta/contrasena");
        // One URL, however many copies: the other copy's is used too, with either password.
        PortalClient other = new PortalClient(port);
        assertThat(other.get("/acceso/" + first.token(1)).body()).contains("Este enlace ya no es válido")
                .doesNotContain("name=\"password\"");
        assertThat(loginWithToken(other, first, 1, 1).location()).endsWith("?error");

        // Neither emailed password can become the chosen one; ACTUALIZAR ends both.
        browser.get("/cuenta/contrasena");
        assertThat(browser.post("/cuenta/contrasena", Map.of("nueva", first.password(1),
                "confirmacion", first.password(1))).body()).contains("debe ser distinta");
        browser.get("/cuenta/contrasena");
        assertThat(browser.post("/cuenta/contrasena", Map.of("nueva", CHOSEN, "confirmacion", CHOSEN)).location())
                .isEqualTo("/facturas");
        assertThat(credentialRows(first.username())).isZero();
        for (int copy = 0; copy < 2; copy++) {
            assertThat(new PortalClient(port).login(first.username(), first.password(copy)).location())
                    .isEqualTo("/login?error");
            assertThat(loginWithToken(new PortalClient(port), first, copy, copy).location()).endsWith("?error");
        }
        assertThat(new PortalClient(port).login(first.username(), CHOSEN).location()).isEqualTo("/facturas");

        // Second customer: the first copy's URL with the second copy's password.
        Emails second = newCustomerWithEveryCredentialEmailSentTwice(36002, "860000002");
        assertThat(loginThroughAccessUrl(new PortalClient(port), second, 0, 1).location())
                .isEqualTo("/cuenta/contrasena");
        assertThat(new PortalClient(port).get("/acceso/" + second.token(1)).body())
                .contains("Este enlace ya no es válido");

        // Third customer: the second copy's URL with the first copy's password.
        Emails third = newCustomerWithEveryCredentialEmailSentTwice(36003, "860000003");
        assertThat(loginThroughAccessUrl(new PortalClient(port), third, 1, 0).location())
                .isEqualTo("/cuenta/contrasena");
        assertThat(new PortalClient(port).get("/acceso/" + third.token(0)).body())
                .contains("Este enlace ya no es válido");
    }

    @Test
    void aReissueStillEndsBothCopies() throws Exception {
        Emails old = newCustomerWithEveryCredentialEmailSentTwice(36101, "860000101");
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = :n").param("n", old.username())
                .query(Long.class).single();
        long accountId = accountId(old.username());
        smtp.purgeEmailFromAllMailboxes();

        // What the console's REEMITIR CREDENCIALES does (CustomerPages#reissue).
        transactions.executeWithoutResult(status -> {
            accounts.revokeCredentials(accountId);
            outboxAdmin.queueReissuedCredentials(accountId, "1");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                SELECT COUNT(*) FROM mail_outbox WHERE customer_id = :c AND dedup_key LIKE '%:reissue:1'
                AND status = 'SENT'""").param("c", customerId).query(Long.class).single() == 2);
        Emails reissued = emails(old.username(), old.address(), 1);

        for (int copy = 0; copy < 2; copy++) {
            assertThat(new PortalClient(port).get("/acceso/" + old.token(copy)).body())
                    .contains("Este enlace ya no es válido");
            // An old copy's password does not open the new URL.
            PortalClient browser = new PortalClient(port);
            browser.get("/acceso/" + reissued.token(0));
            assertThat(browser.post("/login", Map.of("username", old.username(), "password", old.password(copy),
                    "token", reissued.token(0))).location()).endsWith("?error");
        }
        assertThat(loginThroughAccessUrl(new PortalClient(port), reissued, 0, 0).location())
                .isEqualTo("/cuenta/contrasena");
    }

    @Test
    void theSameEmailSentAgainAfterTheCustomerChoseAPasswordChangesNothing() throws Exception {
        String address = "860000201@dos.co";
        fixture.ingest(fixture.invoiceFor(36201, "860000201", address));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT", address) == 3);
        Emails once = emails("860000201", address, 1);
        PortalClient browser = new PortalClient(port);
        loginThroughAccessUrl(browser, once, 0, 0);
        browser.get("/cuenta/contrasena");
        assertThat(browser.post("/cuenta/contrasena", Map.of("nueva", CHOSEN, "confirmacion", CHOSEN)).location())
                .isEqualTo("/facturas");

        // Only now does the sender "die" before recording them: both credential emails go out once more.
        Emails twice = sendCredentialEmailsAgain("860000201", address);

        assertThat(new PortalClient(port).get("/acceso/" + twice.token(1)).body()).contains("Este enlace ya no es válido");
        assertThat(loginWithToken(new PortalClient(port), twice, 1, 1).location()).endsWith("?error");
        assertThat(new PortalClient(port).login("860000201", twice.password(1)).location()).isEqualTo("/login?error");
        assertThat(new PortalClient(port).login("860000201", CHOSEN).location()).isEqualTo("/facturas");
        assertThat(credentialRows("860000201")).isZero();
    }

    /** The emails a customer received: each credential email in the order received, and what they carry. */
    private record Emails(String username, String address, List<MailboxReader.Mail> activation,
                          List<MailboxReader.Mail> password) {
        String token(int copy) {
            Matcher url = ACCESS_URL.matcher(activation.get(copy).text());
            assertThat(url.find()).isTrue();
            return url.group(1);
        }

        String password(int copy) {
            Matcher password = PASSWORD.matcher(this.password.get(copy).text());
            assertThat(password.find()).isTrue();
            return password.group(1);
        }
    }

    private Emails newCustomerWithEveryCredentialEmailSentTwice(long seq, String nit) throws Exception {
        String address = nit + "@dos.co";
        fixture.ingest(fixture.invoiceFor(seq, nit, address));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT", address) == 3);
        emails(nit, address, 1);
        return sendCredentialEmailsAgain(nit, address);
    }

    /**
     * The customer's activation and password emails, sent once, are left as an instance that died right after the SMTP
     * server took them leaves them (SENDING, claimed by an instance no longer registered, claim expired), so the
     * outbox sends each once more, composed again.
     */
    private Emails sendCredentialEmailsAgain(String nit, String address) throws Exception {
        assertThat(jdbc.sql("""
                        UPDATE mail_outbox SET status = 'SENDING', claimed_at = :past, sent_at = NULL,
                                               claimed_by = 'a-stopped-instance'
                        WHERE recipients = :r AND kind IN ('ACTIVATION', 'PASSWORD') AND status = 'SENT'""")
                .param("past", OffsetDateTime.now().minusHours(1)).param("r", address).update()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT COUNT(*) FROM mail_outbox WHERE recipients = :r AND kind IN ('ACTIVATION', 'PASSWORD')
                        AND status = 'SENT'""").param("r", address).query(Long.class).single() == 2);
        Emails emails = emails(nit, address, 2);
        assertThat(emails.activation()).hasSize(2);
        assertThat(emails.password()).hasSize(2);
        return emails;
    }

    private Emails emails(String nit, String address, int copies) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(address, "Activación de usuario").size() >= copies
                && mailsTo(address, "Contraseña de acceso").size() >= copies);
        return new Emails(nit, address, mailsTo(address, "Activación de usuario"),
                mailsTo(address, "Contraseña de acceso"));
    }

    private static List<MailboxReader.Mail> mailsTo(String address, String subject) throws Exception {
        return MailboxReader.read(smtp.getReceivedMessages()).stream()
                .filter(mail -> address.equals(mail.to()) && subject.equals(mail.subject())).toList();
    }

    /** Opens the access URL of one copy and logs in there with the password of one copy. */
    private Page loginThroughAccessUrl(PortalClient browser, Emails emails, int urlCopy, int passwordCopy)
            throws Exception {
        Page start = browser.get("/acceso/" + emails.token(urlCopy));
        assertThat(start.body()).contains("name=\"token\"");
        return browser.post("/login", Map.of("username", emails.username(), "password", emails.password(passwordCopy),
                "token", emails.token(urlCopy)));
    }

    /** The login form of the start page posted with this copy's token (whatever that page says now). */
    private Page loginWithToken(PortalClient browser, Emails emails, int urlCopy, int passwordCopy) throws Exception {
        browser.get("/login");
        return browser.post("/login", Map.of("username", emails.username(), "password", emails.password(passwordCopy),
                "token", emails.token(urlCopy)));
    }

    /** Two copies of each, as hashes only: no token or password in clear anywhere in the database. */
    private void assertStoredOnlyHashed(Emails emails) {
        long accountId = accountId(emails.username());
        assertThat(jdbc.sql("SELECT secret_hash FROM account_credentials WHERE account_id = :a AND kind = 'ACTIVATION'")
                .param("a", accountId).query(String.class).list())
                .containsExactlyInAnyOrder(OneTimeSecrets.hashToken(emails.token(0)),
                        OneTimeSecrets.hashToken(emails.token(1)));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_credentials WHERE account_id = :a AND kind = 'PASSWORD'")
                .param("a", accountId).query(Long.class).single()).isEqualTo(2);
        String everything = jdbc.sql("SELECT * FROM account_credentials").query().listOfRows().toString()
                + jdbc.sql("SELECT * FROM portal_accounts").query().listOfRows()
                + jdbc.sql("SELECT COALESCE(body_text, '') || COALESCE(body_html, '') FROM mail_outbox")
                .query(String.class).list();
        for (int copy = 0; copy < 2; copy++) {
            assertThat(everything).doesNotContain(emails.token(copy)).doesNotContain(emails.password(copy));
        }
    }

    private long accountId(String username) {
        return jdbc.sql("SELECT id FROM portal_accounts WHERE username = :u").param("u", username)
                .query(Long.class).single();
    }

    private long credentialRows(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM account_credentials WHERE account_id = :a")
                .param("a", accountId(username)).query(Long.class).single();
    }
}
