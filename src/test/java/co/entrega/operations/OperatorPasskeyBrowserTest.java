package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.HeadlessChromium;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The first operator enrols a passkey as the second factor at the first login, in a real browser (Chromium's
 * virtual authenticator): the recovery codes follow, the console opens, and at the next login the password alone
 * opens nothing until the passkey is used.
 */
@Tag("browser")
@EntregaIntegrationTest
class OperatorPasskeyBrowserTest {

    static final String OPERATOR_PASSWORD = "la llave de la consola 2026";
    private static final int PORT = HeadlessChromium.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("entrega.portal.base-url", () -> "http://localhost:" + PORT);
        registry.add("entrega.operator.username", () -> "operador");
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
    }

    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path downloads;

    @Test
    void theFirstOperatorEnrolsAPasskeyAndLogsInWithIt() {
        Assumptions.assumeTrue(HeadlessChromium.installed() || System.getenv("CI") != null,
                "Debian chromium + chromium-driver are not installed (.ci/run installs them)");
        ChromeDriver browser = HeadlessChromium.start(downloads, "es-CO");
        try {
            VirtualAuthenticator authenticator = HeadlessChromium.passkeyAuthenticator(browser);
            logInWithPassword(browser);
            // The enrolment page, nothing else.
            assertThat(browser.getCurrentUrl()).endsWith("/ops/segundo-factor/inscribir");
            browser.get(base() + "/ops/clientes");
            assertThat(browser.getCurrentUrl()).endsWith("/ops/segundo-factor/inscribir");

            WebElement label = HeadlessChromium.shown(browser, By.id("label"));
            label.clear();
            label.sendKeys("Portátil del turno");
            browser.findElement(By.id("registrar")).click();
            try {
                HeadlessChromium.shown(browser, By.id("codigos"));
            } catch (org.openqa.selenium.TimeoutException notEnrolled) {
                throw new AssertionError("no recovery codes; the browser's console:\n"
                        + HeadlessChromium.console(browser), notEnrolled);
            }
            List<WebElement> codes = browser.findElements(By.cssSelector("#codigos code"));
            assertThat(codes).hasSize(10);
            assertThat(authenticator.getCredentials()).hasSize(1);
            browser.findElement(By.id("continuar")).click();
            // back to the page asked for before the factor
            assertThat(HeadlessChromium.shown(browser, By.tagName("h1")).getText()).isEqualTo("Clientes");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'OPERATOR_PASSKEY_ADDED' "
                    + "AND operator = 'operador' AND after_value = 'Portátil del turno'").query(Long.class).single())
                    .isEqualTo(1);
            browser.get(base() + "/ops/cuenta");
            assertThat(browser.findElement(By.id("llaves")).getText()).contains("Portátil del turno");
            // The only second factor is not removed: the password alone would then enrol the next one.
            browser.findElement(By.cssSelector("#llaves button[type=submit]")).click();
            assertThat(HeadlessChromium.shown(browser, By.id("aviso-error")).getText()).contains("Es su único segundo factor");
            assertThat(browser.findElement(By.id("llaves")).getText()).contains("Portátil del turno");

            browser.findElement(By.id("salir")).click();
            logInWithPassword(browser);
            assertThat(browser.getCurrentUrl()).endsWith("/ops/segundo-factor");
            browser.get(base() + "/ops/auditoria");
            assertThat(browser.getCurrentUrl()).endsWith("/ops/segundo-factor");
            HeadlessChromium.shown(browser, By.id("usar-llave")).click();
            try {
                new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/ops/auditoria"));
            } catch (org.openqa.selenium.TimeoutException refused) {
                throw new AssertionError("the passkey did not open the console; the browser's console:\n"
                        + HeadlessChromium.console(browser), refused);
            }
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Auditoría");
        } finally {
            browser.quit();
        }
    }

    private void logInWithPassword(ChromeDriver browser) {
        browser.get(base() + "/ops");
        browser.findElement(By.id("username")).sendKeys("operador");
        browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.id("ingresar")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/ops/segundo-factor"));
    }

    private static String base() {
        return "http://localhost:" + PORT;
    }
}
