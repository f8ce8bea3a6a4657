package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.HeadlessChromium;
import co.entrega.support.InboxFolder;
import co.entrega.support.OperatorLogin;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

/**
 * An operator, in a real browser (headless Chromium), opens an invoice email in the console, downloads its
 * constancia de entrega and the CSV of the day: the page's links and form work under the console's headers, and what
 * lands on disk is the PDF and CSV the service recorded.
 */
@Tag("browser")
@EntregaIntegrationTest
class DeliveryProofBrowserTest {

    static final String OPERATOR_PASSWORD = "la constancia en el navegador 2026";
    static final GreenMail smtp = TestSmtp.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.operator.username", () -> "operador");
        registry.add("entrega.operator.password", () -> OPERATOR_PASSWORD);
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;
    @Value("${entrega.data-dir}")
    Path dataDir;
    @TempDir
    Path downloads;

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
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
    void anOperatorDownloadsTheConstanciaAndTheDaysCsvFromTheEmailsPages() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(36001).withCustomer("866777888", "1", "Navegador Ñ S.A.S.",
                "navegador@prueba-entrega.co");
        new InboxFolder(dataDir.resolve("inbox")).drop(generator.zipFileName(spec), generator.dianZip(spec));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("SELECT COUNT(*) FROM mail_outbox"
                + " WHERE recipients = 'navegador@prueba-entrega.co' AND kind = 'INVOICE' AND status = 'SENT'")
                .query(Long.class).single() == 1);
        long mailId = jdbc.sql("SELECT id FROM mail_outbox WHERE recipients = 'navegador@prueba-entrega.co'"
                + " AND kind = 'INVOICE'").query(Long.class).single();
        String zipSha = jdbc.sql("SELECT attachment_sha256 FROM mail_outbox WHERE id = :id").param("id", mailId)
                .query(String.class).single();

        String base = "http://localhost:" + port;
        browser.get(base + "/ops/login");
        browser.findElement(By.id("username")).sendKeys("operador");
        browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.id("ingresar")).click();
        OperatorLogin.secondFactorInBrowser(browser, port, "operador");
        shown(By.id("correos-fallidos"));

        browser.get(base + "/ops/correos/" + mailId);
        assertThat(shown(By.id("sha256-zip")).getText()).isEqualTo(zipSha);
        shown(By.id("constancia-pdf")).click();
        Path pdf = downloaded(".pdf");
        try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf))) {
            assertThat(new PDFTextStripper().getText(document)).contains("Constancia de entrega").contains(zipSha)
                    .contains("Navegador Ñ S.A.S.").contains("navegador@prueba-entrega.co");
        }

        // The day's constancias, from the form on the emails page (its date fields set through their value: typing
        // into one depends on the browser's locale)
        browser.findElement(By.linkText("Correos")).click();
        String today = LocalDate.now(DashboardPage.ISSUER_ZONE).toString();
        for (String field : List.of("desde", "hasta")) {
            browser.executeScript("arguments[0].value = arguments[1]", shown(By.id(field)), today);
        }
        browser.findElement(By.cssSelector("#constancias button[type=submit]")).click();
        Path csv = downloaded(".csv");
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).contains(zipSha)
                .contains("navegador@prueba-entrega.co").startsWith("\uFEFFCorreo;");
    }

    /** The file the browser finished downloading, with this extension. */
    private Path downloaded(String extension) {
        await().atMost(Duration.ofSeconds(20)).until(() -> find(extension).isPresent());
        return find(extension).orElseThrow();
    }

    private Optional<Path> find(String extension) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().endsWith(extension)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WebElement shown(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(locator));
    }
}
