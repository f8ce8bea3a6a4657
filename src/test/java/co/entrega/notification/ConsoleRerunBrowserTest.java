package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.HeadlessChromium;
import co.entrega.support.MailboxReader;
import co.entrega.support.NotifyRuns;
import co.entrega.support.OperatorLogin;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * An operator's night, in a real browser (headless Chromium): the notify job failed in the middle of a chunk while the
 * SMTP relay was down, so a run is FAILED and its emails are FAILED. The operator logs in to /ops, restarts the failed
 * run, resends the failed emails, and every customer gets every email exactly once.
 */
@Tag("browser")
@EntregaIntegrationTest
@DirtiesContext
class ConsoleRerunBrowserTest {

    static final int SMTP_PORT = TestSmtp.freePort();
    static GreenMail smtp = TestSmtp.startOn(SMTP_PORT);
    static final String OPERATOR_PASSWORD = "la consola de turno 2026";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("entrega.mail.max-attempts", () -> "1");
        registry.add("entrega.jobs.notify-recipients.enabled", () -> "false");
        registry.add("entrega.jobs.notify-recipients.chunk-size", () -> "2");
        registry.add("entrega.operator.username", () -> "operador");
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @MockitoSpyBean
    MailOutbox outbox;
    @Autowired
    NotifyJobRunner runner;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;
    @LocalServerPort
    int port;
    @Value("${entrega.data-dir}")
    Path dataDir;
    @TempDir
    Path downloads;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() {
        Assumptions.assumeTrue(HeadlessChromium.installed() || System.getenv("CI") != null,
                "Debian chromium + chromium-driver are not installed (.ci/run installs them)");
        browser = HeadlessChromium.start(downloads, "es-CO");
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorRestartsTheFailedRunAndResendsTheFailedEmails() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        for (int i = 0; i < 3; i++) { // three new customers: activation, password and invoice email each
            fixture.ingest(fixture.invoiceFor(52001 + i, "94400000" + i, "noche" + i + "@cliente.co"));
        }
        smtp.stop();
        // The 8th email queued (second chunk) fails once, as a crash in the middle of a chunk would.
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        SenderPause.whileStubbing(camel, () ->
            doAnswer(invocation -> {
                if (calls.incrementAndGet() == 8 && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash in the middle of a chunk");
                }
                return invocation.callRealMethod();
            }).when(outbox).queue(any(), anyString(), anyLong(), any(), any(), anyString()));
        JobExecution first = NotifyRuns.runWhenLockFree(runner);
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        // The relay is down: the first chunk's emails end FAILED (one attempt allowed here).
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("FAILED") == 6);
        smtp = TestSmtp.startOn(SMTP_PORT);

        // Log in to the console.
        String base = "http://localhost:" + port;
        browser.get(base + "/ops");
        assertThat(browser.getCurrentUrl()).endsWith("/ops/login");
        browser.findElement(By.id("username")).sendKeys("operador");
        browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.id("ingresar")).click();
        OperatorLogin.secondFactorInBrowser(browser, port, "operador");
        assertThat(shown(By.id("correos-fallidos")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Panel");
        assertThat(browser.findElement(By.id("correos-fallidos")).getText()).isEqualTo("6");

        // Restart the failed run.
        browser.findElement(By.linkText("Trabajos")).click();
        By restart = By.id("reiniciar-" + first.getId());
        shown(restart);
        assertThat(browser.findElement(By.cssSelector("tr[data-execution='" + first.getId() + "'] .status")).getText())
                .isEqualTo("FAILED");
        browser.findElement(restart).click();
        assertThat(shown(By.id("aviso")).getText()).contains("reiniciada");
        // The restart is a new execution of the same job instance; it completes, and the failed one can no longer be
        // restarted.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("#job-notify-recipients tbody tr")).stream()
                    .anyMatch(row -> row.getText().contains("(instancia " + first.getJobInstance().getInstanceId() + ")")
                            && row.findElement(By.cssSelector(".status")).getText().equals("COMPLETED"));
        });
        assertThat(browser.findElements(restart)).isEmpty();

        // Resend the failed emails.
        browser.findElement(By.linkText("Correos")).click();
        shown(By.id("reenviar-fallidos")).click();
        assertThat(shown(By.id("aviso")).getText()).startsWith("6 correo(s) fallido(s)");

        // Every customer gets every email exactly once.
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 9);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == 9);
        List<MailboxReader.Mail> mails = MailboxReader.read(smtp.getReceivedMessages());
        assertThat(mails).extracting(mail -> mail.to() + " " + mail.subject()).doesNotHaveDuplicates();
        assertThat(mails).filteredOn(mail -> mail.subject().equals("Activación de usuario")).hasSize(3);
        assertThat(mails).filteredOn(mail -> mail.subject().equals("Contraseña de acceso")).hasSize(3);
        assertThat(mails).filteredOn(mail -> mail.subject().startsWith("900123456;")).hasSize(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE operator = 'operador' AND action IN "
                + "('JOB_RESTART', 'MAIL_RESEND_ALL_FAILED')").query(Long.class).single()).isEqualTo(2);
    }



    /** The element, once the page that has it is there (a click that submits a form returns before the next page). */
    private org.openqa.selenium.WebElement shown(By locator) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(15))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(locator));
    }
}
