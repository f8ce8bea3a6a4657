package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import co.entrega.provisioning.AccountProvisioner;
import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.web.LoginThrottle;
import co.entrega.web.LoginThrottleProperties;
import co.entrega.support.MailboxReader;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal's security over real HTTP: isolation between customers, CSRF, single-use and expiring links, throttling,
 * no user enumeration, session fixation, the forced password change, headers, and the password emails (GreenMail).
 */
@EntregaIntegrationTest
class PortalSecurityTest {

    static final GreenMail smtp = TestSmtp.start();
    static final String GOOD_PASSWORD = "una frase larga y propia 2026";

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.portal.base-url", () -> "https://facturas.intertec.co");
        // Every test here logs in from 127.0.0.1: only the per-username lock is exercised over HTTP.
        registry.add("entrega.portal.login-throttle.address-free-failures", () -> "10000");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    AccountProvisioner provisioner;
    @Autowired
    LoginThrottle throttle;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private PortalFixture fixture;
    private PortalClient browser;
    private static int nit = 700_000_000;

    @BeforeEach
    void setUp() {
        fixture = new PortalFixture(jdbc, store, encoder);
        browser = new PortalClient(port);
    }

    private static String nextNit() {
        return String.valueOf(++nit);
    }

    @Test
    void anotherCustomersDocumentAnswers404() throws Exception {
        PortalFixture.Customer mine = fixture.customer(nextNit(), GOOD_PASSWORD);
        PortalFixture.Customer theirs = fixture.customer(nextNit(), GOOD_PASSWORD);
        PortalFixture.Document own = fixture.documents(mine, 1, LocalDate.of(2026, 3, 1), 100).get(0);
        PortalFixture.Document other = fixture.documents(theirs, 1, LocalDate.of(2026, 3, 1), 100).get(0);

        assertThat(browser.login(mine.username(), GOOD_PASSWORD).location()).isEqualTo("/facturas");

        assertThat(browser.get("/facturas/" + own.id()).status()).isEqualTo(200);
        assertThat(browser.download("/facturas/" + own.id() + "/pdf").body()).isEqualTo(own.pdf());
        for (String path : List.of("", "/pdf", "/xml")) {
            Page page = browser.get("/facturas/" + other.id() + path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).contains("Página no encontrada").doesNotContain(other.number());
        }
        assertThat(browser.get("/facturas").body()).contains(own.number()).doesNotContain(other.number());
        assertThat(downloads(other.id())).isZero();
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);
        fixture.documents(customer, 1, LocalDate.of(2026, 3, 1), 100);

        browser.get("/login");
        Page login = browser.postExactly("/login", Map.of("username", customer.username(), "password", GOOD_PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.body()).contains("No pudimos atender su solicitud").contains("3003292")
                .doesNotContain("Whitelabel").doesNotContain("Forbidden");

        browser.login(customer.username(), GOOD_PASSWORD);
        assertThat(browser.postExactly("/descargas/pendientes", Map.of()).status()).isEqualTo(403);
        assertThat(browser.postExactly("/cuenta/contrasena", Map.of("actual", GOOD_PASSWORD,
                "nueva", "otra frase larga y propia", "confirmacion", "otra frase larga y propia")).status())
                .isEqualTo(403);
        assertThat(browser.postExactly("/descargas/pendientes", Map.of("_csrf", "forged")).status()).isEqualTo(403);
        assertThat(encoder.matches(GOOD_PASSWORD, passwordHash(customer.accountId()))).isTrue();
    }

    @Test
    void theAccessUrlWorksOnceAndOnlyWithItsTemporaryPassword() throws Exception {
        Credentials credentials = provisioned(nextNit());

        // The temporary password alone, on the plain login, is refused.
        assertThat(browser.login(credentials.username(), credentials.password()).location()).isEqualTo("/login?error");

        Page start = browser.get("/acceso/" + credentials.token());
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.body()).contains("Usuario").contains("Contraseña").contains("name=\"token\"");
        assertThat(start.header("Referrer-Policy")).isEqualTo("no-referrer");
        Page login = browser.post("/login", Map.of("username", credentials.username(),
                "password", credentials.password(), "token", credentials.token()));
        assertThat(login.location()).isEqualTo("/cuenta/contrasena");

        // Used: the URL now shows the invalid-link page, and the temporary password no longer opens anything.
        PortalClient someoneElse = new PortalClient(port);
        Page reused = someoneElse.get("/acceso/" + credentials.token());
        assertThat(reused.body()).contains("Este enlace ya no es válido").doesNotContain(credentials.username())
                .doesNotContain("name=\"password\"");
        someoneElse.get("/login");
        assertThat(someoneElse.post("/login", Map.of("username", credentials.username(),
                "password", credentials.password(), "token", credentials.token())).location())
                .startsWith("/acceso/").endsWith("?error");
        assertThat(someoneElse.login(credentials.username(), credentials.password()).location()).isEqualTo("/login?error");
    }

    @Test
    void anExpiredOrUnknownAccessUrlRevealsNothing() throws Exception {
        Credentials credentials = provisioned(nextNit());
        jdbc.sql("UPDATE portal_accounts SET activation_expires_at = :past WHERE id = :id")
                .param("past", java.time.OffsetDateTime.now().minusMinutes(1)).param("id", credentials.accountId())
                .update();

        Page expired = browser.get("/acceso/" + credentials.token());
        Page unknown = browser.get("/acceso/" + "x".repeat(43));
        assertThat(expired.status()).isEqualTo(200);
        assertThat(expired.body()).contains("Este enlace ya no es válido").contains("href=\"/login\"")
                .doesNotContain(credentials.username());
        assertThat(stripCsrf(unknown.body())).isEqualTo(stripCsrf(expired.body()));
        browser.get("/login");
        assertThat(browser.post("/login", Map.of("username", credentials.username(),
                "password", credentials.password(), "token", credentials.token())).location()).endsWith("?error");
    }

    @Test
    void theForcedPasswordChangeCannotBeSkipped() throws Exception {
        Credentials credentials = provisioned(nextNit());
        PortalFixture.Document document = fixture.documents(new PortalFixture.Customer(credentials.customerId(),
                credentials.accountId(), credentials.username()), 1, LocalDate.of(2026, 4, 1), 100).get(0);
        browser.get("/acceso/" + credentials.token());
        browser.post("/login", Map.of("username", credentials.username(), "password", credentials.password(),
                "token", credentials.token()));

        for (String path : List.of("/facturas", "/facturas/" + document.id(), "/facturas/" + document.id() + "/pdf",
                "/", "/dev/nada", "/facturas?desde=2026-01-01")) {
            assertThat(browser.get(path).location()).as(path).isEqualTo("/cuenta/contrasena");
        }
        Page form = browser.get("/cuenta/contrasena");
        assertThat(browser.post("/descargas/pendientes", Map.of()).location()).isEqualTo("/cuenta/contrasena");
        assertThat(downloads(document.id())).isZero();

        // The emailed temporary password cannot become the real one.
        browser.get("/cuenta/contrasena");
        Page same = browser.post("/cuenta/contrasena", Map.of("nueva", credentials.password(),
                "confirmacion", credentials.password()));
        assertThat(same.body()).contains("debe ser distinta");

        // A weak password is refused with its reason; then ACTUALIZAR opens the portal.
        browser.get("/cuenta/contrasena");
        Page weak = browser.post("/cuenta/contrasena", Map.of("nueva", credentials.username() + "abc",
                "confirmacion", credentials.username() + "abc"));
        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.body()).contains("no puede contener su usuario");
        assertThat(form.body()).contains("ACTUALIZAR");
        Page changed = browser.post("/cuenta/contrasena", Map.of("nueva", GOOD_PASSWORD, "confirmacion", GOOD_PASSWORD));
        assertThat(changed.location()).isEqualTo("/facturas");
        assertThat(browser.get("/facturas").body()).contains("Su contraseña fue actualizada").contains(document.number());

        // The change is confirmed by email, without the password.
        MailboxReader.Mail confirmation = awaitMail(credentials.username() + "@example.co", "Su contraseña fue cambiada");
        assertThat(confirmation.text()).contains(credentials.username()).doesNotContain(GOOD_PASSWORD);

        // The new password works on the plain login; the temporary one is gone.
        assertThat(new PortalClient(port).login(credentials.username(), GOOD_PASSWORD).location()).isEqualTo("/facturas");
        assertThat(new PortalClient(port).login(credentials.username(), credentials.password()).location())
                .isEqualTo("/login?error");
    }

    @Test
    void aPasswordChangedElsewhereEndsOtherSessions() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);
        PortalClient phone = new PortalClient(port);
        phone.login(customer.username(), GOOD_PASSWORD);
        assertThat(phone.get("/facturas").status()).isEqualTo(200);

        browser.login(customer.username(), GOOD_PASSWORD);
        browser.get("/cuenta/contrasena");
        String changed = "otra frase larga y propia 2027";
        assertThat(browser.post("/cuenta/contrasena", Map.of("actual", GOOD_PASSWORD, "nueva", changed,
                "confirmacion", changed)).location()).isEqualTo("/facturas");

        // The session that changed it goes on; the other one is over.
        assertThat(browser.get("/facturas").status()).isEqualTo(200);
        assertThat(phone.get("/facturas").location()).isEqualTo("/login?caducada");
        assertThat(phone.get("/facturas").location()).isEqualTo("/login");
    }

    @Test
    void managementEndpointsOtherThanHealthAreNotForCustomers() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);
        browser.login(customer.username(), GOOD_PASSWORD);
        assertThat(browser.get("/actuator/metrics").status()).isEqualTo(403);
        // Health stays public (UP or DOWN), for load balancers.
        assertThat(browser.download("/actuator/health").statusCode()).isIn(200, 503);
    }

    @Test
    void theSessionIdChangesAtLogin() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);
        browser.get("/login");
        String before = browser.sessionId().orElseThrow();
        browser.post("/login", Map.of("username", customer.username(), "password", GOOD_PASSWORD));
        assertThat(browser.sessionId()).isPresent().get().isNotEqualTo(before);
        assertThat(browser.get("/facturas").status()).isEqualTo(200);

        browser.post("/logout", Map.of());
        assertThat(browser.get("/facturas").location()).isEqualTo("/login");
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);

        Page wrongPassword = new PortalClient(port).login(customer.username(), "no es la contraseña");
        Page unknownUser = new PortalClient(port).login(nextNit(), "no es la contraseña");

        assertThat(wrongPassword.status()).isEqualTo(unknownUser.status()).isEqualTo(302);
        assertThat(wrongPassword.location()).isEqualTo(unknownUser.location()).isEqualTo("/login?error");
        Page shown = browser.get("/login?error");
        assertThat(shown.body()).contains("Usuario o contraseña incorrectos.");
    }

    @Test
    void repeatedFailuresLockTheUsernameWhetherOrNotItExists() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);
        String ghost = nextNit();
        for (String username : List.of(customer.username(), ghost)) {
            for (int i = 0; i < 5; i++) {
                assertThat(new PortalClient(port).login(username, "equivocada " + i).location()).isEqualTo("/login?error");
            }
            // Locked now: even the right password is not looked at.
            Page locked = new PortalClient(port).login(username, GOOD_PASSWORD);
            assertThat(locked.location()).as(username).isEqualTo("/login?bloqueo");
        }
        assertThat(browser.get("/login?bloqueo").body()).contains("Demasiados intentos fallidos");

        // When the lock ends, the right password opens the account and clears the count.
        jdbc.sql("UPDATE login_throttle SET locked_until = NULL WHERE throttle_key = :k")
                .param("k", "user:" + customer.username()).update();
        assertThat(new PortalClient(port).login(customer.username(), GOOD_PASSWORD).location()).isEqualTo("/facturas");
        assertThat(throttle.lockedFor(customer.username(), "127.0.0.1")).isEmpty();
    }

    @Test
    void anAddressWithManyFailuresIsLockedWhateverTheUsername() {
        LoginThrottle strict = new LoginThrottle(jdbc, new LoginThrottleProperties(5, 3, Duration.ofMinutes(1),
                Duration.ofMinutes(30), Duration.ofHours(1)), transactions);
        String address = "203.0.113." + (nit % 200);
        assertThat(strict.admit("usuario-a-" + nit, address)).isTrue();
        assertThat(strict.admit("usuario-b-" + nit, address)).isTrue();
        assertThat(strict.lockedFor("usuario-c-" + nit, address)).isEmpty();

        assertThat(strict.admit("usuario-c-" + nit, address)).isTrue();

        assertThat(strict.lockedFor("usuario-d-" + nit, address)).isPresent()
                .get().matches(wait -> wait.compareTo(Duration.ofMinutes(1)) <= 0 && !wait.isNegative());
        assertThat(strict.lockedFor("usuario-d-" + nit, "198.51.100.1")).isEmpty();
        assertThat(strict.admit("usuario-d-" + nit, address)).isFalse();
    }

    @Test
    void attemptsSentSideBySideCannotSlipPastTheLimit() throws Exception {
        String username = nextNit();
        int parallel = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> admitted = new java.util.ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            String address = "192.0.2." + (nit % 250);
            admitted.add(pool.submit(() -> {
                start.await();
                return throttle.admit(username, address);
            }));
        }
        start.countDown();
        long checked = 0;
        for (java.util.concurrent.Future<Boolean> result : admitted) {
            checked += result.get() ? 1 : 0;
        }
        pool.shutdown();
        // The account allows 5 free attempts: exactly 5 passwords get checked, however many requests race.
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void securityHeadersAreSet() throws Exception {
        Page login = browser.get("/login");
        assertThat(login.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
                .contains("default-src 'self'");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Lax");
        // HSTS only over HTTPS (a plain-HTTP answer must not carry it).
        assertThat(login.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void aForgottenPasswordGetsTheSameAnswerAndASingleUseLinkByEmail() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);

        browser.get("/contrasena/olvido");
        Page known = browser.post("/contrasena/olvido", Map.of("username", customer.username()));
        Page unknown = browser.post("/contrasena/olvido", Map.of("username", nextNit()));
        assertThat(stripCsrf(known.body())).isEqualTo(stripCsrf(unknown.body()));
        assertThat(known.body()).contains("Si el usuario existe");

        MailboxReader.Mail mail = awaitMail(customer.username() + "@example.co", "Restablecer contraseña");
        Matcher link = Pattern.compile("https://facturas\\.intertec\\.co(/restablecer/[A-Za-z0-9_-]{43})")
                .matcher(mail.text());
        assertThat(link.find()).isTrue();
        assertThat(jdbc.sql("SELECT reset_token_hash FROM portal_accounts WHERE id = :id")
                .param("id", customer.accountId()).query(String.class).single())
                .isNotEqualTo(link.group(1).substring("/restablecer/".length())).hasSize(64);

        Page form = browser.get(link.group(1));
        assertThat(form.body()).contains(customer.username()).contains("ACTUALIZAR");
        String chosen = "mi nueva frase secreta de abril";
        assertThat(browser.post(link.group(1), Map.of("nueva", chosen, "confirmacion", chosen)).location())
                .isEqualTo("/login?contrasenaGuardada");
        assertThat(browser.get(link.group(1)).body()).contains("Este enlace ya no es válido");
        assertThat(new PortalClient(port).login(customer.username(), chosen).location()).isEqualTo("/facturas");
        assertThat(new PortalClient(port).login(customer.username(), GOOD_PASSWORD).location()).isEqualTo("/login?error");
    }

    @Test
    void theEmailedDocumentLinkLeadsToThatDocumentAfterLogin() throws Exception {
        PortalFixture.Customer customer = fixture.customer(nextNit(), GOOD_PASSWORD);
        PortalFixture.Document document = fixture.documents(customer, 3, LocalDate.of(2026, 5, 1), 100).get(1);

        assertThat(browser.get("/facturas/" + document.id()).location()).isEqualTo("/login");
        Page login = browser.login(customer.username(), GOOD_PASSWORD);
        assertThat(login.location()).isEqualTo("/facturas/" + document.id());
        Page page = browser.get(login.location());
        assertThat(page.body()).contains(document.number()).contains("/facturas/" + document.id() + "/pdf")
                .contains("/facturas/" + document.id() + "/xml");
    }

    @Test
    void pagesAreSpanishByDefaultAndEnglishOnRequest() throws Exception {
        assertThat(browser.get("/login").body()).contains("lang=\"es-CO\"").contains("Usuario").contains("Contraseña")
                // A real SMTP server is configured here: no demonstration mode.
                .doesNotContain("demostración").doesNotContain("/dev/mailbox");
        Page english = browser.get("/login?lang=en");
        assertThat(english.body()).contains("lang=\"en\"").contains("Forgot your password?");
        // Remembered for the next page.
        assertThat(browser.get("/contrasena/olvido").body()).contains("Forgot your password?");
        assertThat(browser.get("/login?lang=es").body()).contains("¿Olvidó su contraseña?");
    }

    private record Credentials(long customerId, long accountId, String username, String token, String password) {
    }

    /** An account as the notify job leaves it: activation URL and temporary password issued. */
    private Credentials provisioned(String nit) {
        jdbc.sql("INSERT INTO customers (nit, name, email, email_source, created_at, updated_at) "
                        + "VALUES (:nit, 'Cliente', :email, 'MASTER', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param("nit", nit).param("email", nit + "@example.co").update();
        long customerId = jdbc.sql("SELECT id FROM customers WHERE nit = :nit").param("nit", nit).query(Long.class).single();
        long accountId = provisioner.ensureAccount(customerId, nit).account().id();
        String token = provisioner.issueActivationToken(accountId);
        String password = provisioner.issueTemporaryPassword(accountId);
        return new Credentials(customerId, accountId, nit, token, password);
    }

    private String passwordHash(long accountId) {
        return jdbc.sql("SELECT password_hash FROM portal_accounts WHERE id = :id").param("id", accountId)
                .query(String.class).single();
    }

    private long downloads(long invoiceId) {
        return jdbc.sql("SELECT COUNT(*) FROM document_downloads WHERE invoice_id = :id").param("id", invoiceId)
                .query(Long.class).single();
    }

    private static String stripCsrf(String html) {
        return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
    }

    private MailboxReader.Mail awaitMail(String to, String subject) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(to, subject) != null);
        return find(to, subject);
    }

    private MailboxReader.Mail find(String to, String subject) throws Exception {
        return MailboxReader.read(smtp.getReceivedMessages()).stream()
                .filter(m -> to.equals(m.to()) && subject.equals(m.subject())).findFirst().orElse(null);
    }
}
