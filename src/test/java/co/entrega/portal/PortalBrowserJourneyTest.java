package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.HeadlessChromium;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.MailboxReader;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The customer's whole journey in a real browser (Debian's headless Chromium through Selenium), from the emails a real
 * SMTP server (GreenMail) caught: URL acceso único → USUARIO + CONTRASEÑA → ACTUALIZAR → search by dates → PDF and XML
 * with the ingested bytes → DESCARGAS PENDIENTES with exactly the pending documents → nothing pending.
 */
@Tag("browser")
@EntregaIntegrationTest
class PortalBrowserJourneyTest {

    static final GreenMail smtp = TestSmtp.start();
    /** The portal's public address must be known before the service starts: every emailed link is built from it. */
    static final int PORT = TestSmtp.freePort();

    private static final Pattern ACTIVATION = Pattern.compile("(http://localhost:\\d+/acceso/[A-Za-z0-9_-]{43})");
    private static final Pattern PASSWORD = Pattern.compile("\nContraseña: (\\S+)\n");
    private static final String NEW_PASSWORD = "mi café favorito es de Huila";

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("server.port", () -> PORT);
        registry.add("entrega.portal.base-url", () -> "http://localhost:" + PORT);
    }

    @Autowired
    JdbcClient jdbc;
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
    void firstVisitThenSearchDownloadAndPendingDownloads() throws Exception {
        Spec march = SampleInvoiceGenerator.sample(40001).withIssueDate(LocalDate.of(2026, 3, 10))
                .withCustomer("901555666", "7", "Ferretería El Tornillo S.A.S.", "pagos@eltornillo.co");
        Spec june = SampleInvoiceGenerator.sample(40002).withIssueDate(LocalDate.of(2026, 6, 20))
                .withCustomer("901555666", "7", "Ferretería El Tornillo S.A.S.", "pagos@eltornillo.co");
        ingest(march);
        ingest(june);

        // The emails, as the customer receives them.
        List<MailboxReader.Mail> mails = awaitMails(4);
        String accessUrl = find(ACTIVATION, mails, "Activación de usuario");
        String temporaryPassword = find(PASSWORD, mails, "Contraseña de acceso");

        // URL acceso único: the start page, bound to the token.
        browser.get(accessUrl);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Bienvenido(a)");
        browser.findElement(By.id("username")).sendKeys("901555666");
        browser.findElement(By.id("password")).sendKeys(temporaryPassword);
        browser.findElement(By.id("ingresar")).click();

        // The platform asks, once, for a new password: ACTUALIZAR.
        waitForUrl("/cuenta/contrasena");
        assertThat(browser.findElement(By.id("actualizar")).getText()).isEqualTo("ACTUALIZAR");
        browser.findElement(By.id("nueva")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("confirmacion")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("actualizar")).click();
        waitForUrl("/facturas");
        assertThat(browser.getPageSource()).contains("Su contraseña fue actualizada");
        assertThat(rows()).hasSize(2);

        // Fecha inicial / Fecha final: March only.
        setDate("desde", "2026-03-01");
        setDate("hasta", "2026-03-31");
        browser.findElement(By.id("buscar")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("hasta=2026-03-31"));
        List<WebElement> found = rows();
        assertThat(found).as(browser.getCurrentUrl()).hasSize(1);
        assertThat(found.get(0).getText()).contains(march.number()).contains("10/03/2026").contains("Pendiente");

        // PDF and XML: the bytes that were ingested.
        found.get(0).findElement(By.linkText("PDF")).click();
        assertThat(awaitDownload(".pdf")).isEqualTo(generator.pdf(march));
        rows().get(0).findElement(By.linkText("XML")).click();
        assertThat(awaitDownload(".xml")).isEqualTo(generator.attachedDocumentXml(march));
        browser.navigate().refresh();
        assertThat(rows().get(0).getText()).contains("Descargado");

        // DESCARGAS PENDIENTES: only June is left.
        browser.get("http://localhost:" + PORT + "/facturas");
        assertThat(browser.findElement(By.id("pendientes-texto")).getText()).startsWith("1 documento(s)");
        clearDownloads();
        browser.findElement(By.id("descargas-pendientes")).click();
        Map<String, byte[]> zip = unzip(awaitDownload(".zip"));
        assertThat(zip).containsOnlyKeys(june.number() + ".pdf", june.number() + ".xml");
        assertThat(zip.get(june.number() + ".pdf")).isEqualTo(generator.pdf(june));
        assertThat(zip.get(june.number() + ".xml")).isEqualTo(generator.attachedDocumentXml(june));

        // Nothing pending afterwards: the button says so.
        browser.get("http://localhost:" + PORT + "/facturas");
        WebElement button = browser.findElement(By.id("descargas-pendientes"));
        assertThat(button.isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("pendientes-texto")).getText()).isEqualTo("No hay descargas pendientes.");
        assertThat(rows()).allSatisfy(row -> assertThat(row.getText()).contains("Descargado"));

        // Returning: the link in an invoice email, then USUARIO + CONTRASEÑA, leads to that document.
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waitForUrl("/login?salida");
        String invoiceLink = mails.stream().filter(m -> m.subject().contains(june.number())).findFirst().orElseThrow()
                .text().lines().filter(l -> l.contains("/facturas/")).findFirst().orElseThrow()
                .replaceAll(".*(http://\\S+/facturas/\\d+).*", "$1");
        browser.get(invoiceLink);
        browser.findElement(By.id("username")).sendKeys("901555666");
        browser.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("ingresar")).click();
        waitForUrl(invoiceLink.substring(invoiceLink.indexOf("/facturas/")));
        assertThat(browser.getCurrentUrl()).isEqualTo(invoiceLink);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(june.number());
    }

    /** A click that submits a form returns before the next page: wait for its address. */
    private void waitForUrl(String ending) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(15))
                .until(driver -> driver.getCurrentUrl().endsWith(ending));
    }

    private void ingest(Spec spec) throws Exception {
        new InboxFolder(dataDir.resolve("inbox")).drop(generator.zipFileName(spec), generator.dianZip(spec));
        IngestionLedger ledger = new IngestionLedger(jdbc);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(generator.zipFileName(spec))
                .map(f -> f.status().equals("REGISTERED")).orElse(false));
    }

    private List<MailboxReader.Mail> awaitMails(int count) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= count);
        return MailboxReader.read(smtp.getReceivedMessages());
    }

    private static String find(Pattern pattern, List<MailboxReader.Mail> mails, String subject) {
        MailboxReader.Mail mail = mails.stream().filter(m -> m.subject().equals(subject)).findFirst().orElseThrow();
        Matcher matcher = pattern.matcher(mail.text());
        assertThat(matcher.find()).as(subject).isTrue();
        return matcher.group(1);
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("table.documents tbody tr"));
    }

    /** A date picker's value, set as the picker sets it (typing into one depends on the browser's locale). */
    private void setDate(String id, String isoDate) {
        browser.executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id(id)), isoDate);
    }

    private byte[] awaitDownload(String suffix) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(suffix) != null);
        return Files.readAllBytes(completed(suffix));
    }

    private Path completed(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            List<Path> all = files.toList();
            if (all.stream().anyMatch(p -> p.toString().endsWith(".crdownload"))) {
                return null;
            }
            return all.stream().filter(p -> p.toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }

    private void clearDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }


}
