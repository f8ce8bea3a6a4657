package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.HeadlessChromium;
import co.entrega.support.InboxFolder;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A customer's passkey in a real browser (Chromium's virtual authenticator), on a phone's width: registered from
 * "Llaves de acceso" after a password login, then a login with it and no password typed, a notice email for each
 * change, removal, and the password still there when the passkey is gone.
 */
@Tag("browser")
@EntregaIntegrationTest
class CustomerPasskeyBrowserTest {

    private static final String NIT = "883000001";
    private static final String PASSWORD = "mis facturas sin contraseña 2026";
    /** A passkey is bound to the page's origin: the service listens where its base URL says. */
    private static final int PORT = HeadlessChromium.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("entrega.portal.base-url", () -> "http://localhost:" + PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Value("${entrega.data-dir}")
    Path dataDir;
    @TempDir
    Path downloads;

    @Test
    void aCustomerAddsAPasskeyLogsInWithItAndRemovesIt() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed() || System.getenv("CI") != null,
                "Debian chromium + chromium-driver are not installed (.ci/run installs them)");
        assertThat(port).isEqualTo(PORT);
        customerWithPassword();

        ChromeDriver browser = HeadlessChromium.start(downloads, "es-CO");
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            VirtualAuthenticator phone = HeadlessChromium.passkeyAuthenticator(browser);
            logInWithPassword(browser);

            browser.findElement(By.linkText("Llaves de acceso")).click();
            HeadlessChromium.shown(browser, By.id("sin-llaves"));
            WebElement label = HeadlessChromium.shown(browser, By.id("label"));
            label.clear();
            label.sendKeys("Teléfono de prueba");
            browser.findElement(By.id("registrar")).click();
            try {
                new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("registrada"));
            } catch (org.openqa.selenium.TimeoutException notRegistered) {
                Object options = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/webauthn/register/options', {method: 'POST', headers: {[document.querySelector("
                        + "'meta[name=_csrf_header]').content]: document.querySelector('meta[name=_csrf]').content}})"
                        + ".then(r => r.text()).then(done, e => done(String(e)));");
                throw new AssertionError("not registered; options " + options + "; the browser's console:\n"
                        + HeadlessChromium.console(browser), notRegistered);
            }
            assertThat(browser.findElement(By.id("llaves")).getText()).contains("Teléfono de prueba");
            assertThat(phone.getCredentials()).hasSize(1);
            assertThat(mailCount("PASSKEY_ADDED")).isEqualTo(1);

            // Logged out, the passkey logs in: no username, no password.
            browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
            HeadlessChromium.shown(browser, By.id("ingresar-llave")).click();
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/facturas"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();

            // In English, then removed with the keyboard.
            browser.get(base() + "/cuenta/llaves?lang=en");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Passkeys");
            browser.get(base() + "/cuenta/llaves?lang=es");
            WebElement remove = browser.findElement(By.cssSelector("#llaves button[type=submit]"));
            remove.sendKeys(org.openqa.selenium.Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("eliminada"));
            HeadlessChromium.shown(browser, By.id("sin-llaves"));
            assertThat(mailCount("PASSKEY_REMOVED")).isEqualTo(1);

            // The authenticator still has it, the service not: refused; the password still works.
            browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
            HeadlessChromium.shown(browser, By.id("ingresar-llave")).click();
            assertThat(HeadlessChromium.shown(browser, By.id("llave-error")).getText()).contains("No se pudo ingresar con la llave");
            assertThat(browser.getCurrentUrl()).contains("/login");
            logInWithPassword(browser);
        } finally {
            browser.quit();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE "
                + "kind IN ('PASSKEY_ADDED', 'PASSKEY_REMOVED') AND status = 'SENT' AND recipients = :r")
                .param("r", NIT + "@example.co").query(Long.class).single() == 2);
    }

    private void customerWithPassword() throws Exception {
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        Spec invoice = SampleInvoiceGenerator.sample(83001).withCustomer(NIT, "1", "Llave S.A.S.", NIT + "@example.co");
        new InboxFolder(dataDir.resolve("inbox")).drop(generator.zipFileName(invoice), generator.dianZip(invoice));
        // once the credential emails are sent: composing the password email issues the temporary password
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM mail_outbox o"
                + " JOIN portal_accounts a ON a.id = o.account_id WHERE a.username = :u AND o.kind = 'PASSWORD'"
                + " AND o.status = 'SENT'").param("u", NIT).query(Long.class).single() == 1);
        jdbc.sql("UPDATE portal_accounts SET password_hash = :h, must_change_password = FALSE,"
                + " password_changed_at = CURRENT_TIMESTAMP WHERE username = :u")
                .param("h", encoder.encode(PASSWORD)).param("u", NIT).update();
    }

    private void logInWithPassword(ChromeDriver browser) {
        browser.get(base() + "/login");
        browser.findElement(By.id("username")).sendKeys(NIT);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("ingresar")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/facturas"));
    }

    private long mailCount(String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox o JOIN portal_accounts a ON a.id = o.account_id "
                + "WHERE a.username = :u AND o.kind = :k").param("u", NIT).param("k", kind).query(Long.class).single();
    }

    private String base() {
        return "http://localhost:" + PORT;
    }
}
