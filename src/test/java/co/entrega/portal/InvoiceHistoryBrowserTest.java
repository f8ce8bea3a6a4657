package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.HeadlessChromium;
import co.entrega.support.InboxFolder;
import co.entrega.support.IngestionLedger;
import co.entrega.support.RadianFixtures;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The invoice's history in a real browser (Chromium), at a phone's width, in Spanish and in English: from the list's
 * badge to the timeline with the buyer's claim, and the CUFE's link to DIAN's catalogue.
 */
@Tag("browser")
@EntregaIntegrationTest
class InvoiceHistoryBrowserTest {

    private static final String NIT = "882000001";
    private static final String PASSWORD = "la historia de mis facturas 2026";

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
    void aCustomerFollowsAClaimOnTheirPhone() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed() || System.getenv("CI") != null,
                "Debian chromium + chromium-driver are not installed (.ci/run installs them)");
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        Spec invoice = SampleInvoiceGenerator.sample(82001).withCustomer(NIT, "1", "Teléfono S.A.S.",
                NIT + "@example.co");
        InboxFolder inbox = new InboxFolder(dataDir.resolve("inbox"));
        drop(inbox, generator.zipFileName(invoice), generator.dianZip(invoice));
        LocalDate date = LocalDate.of(2026, 1, 9);
        drop(inbox, "acuse.xml", RadianFixtures.bare(RadianFixtures.on(invoice, "030", date)));
        drop(inbox, "reclamo.xml", RadianFixtures.bare(RadianFixtures.on(invoice, "031", date)));
        // once the credential emails are sent: composing the password email issues the temporary password
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM mail_outbox o"
                + " JOIN portal_accounts a ON a.id = o.account_id WHERE a.username = :u AND o.kind = 'PASSWORD'"
                + " AND o.status = 'SENT'").param("u", NIT).query(Long.class).single() == 1);
        jdbc.sql("UPDATE portal_accounts SET password_hash = :h, must_change_password = FALSE,"
                + " password_changed_at = CURRENT_TIMESTAMP WHERE username = :u")
                .param("h", encoder.encode(PASSWORD)).param("u", NIT).update();

        ChromeDriver browser = HeadlessChromium.start(downloads, "es-CO");
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            logIn(browser);
            WebElement row = browser.findElement(By.cssSelector("tr[data-id]"));
            assertThat(row.findElement(By.cssSelector(".badge.state")).getText()).isEqualTo("Reclamo");
            row.findElement(By.linkText(invoice.number())).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.id("historia")));
            List<WebElement> steps = browser.findElements(By.cssSelector("#historia li"));
            assertThat(steps).extracting(WebElement::isDisplayed).containsOnly(true);
            assertThat(steps).extracting(step -> step.getDomAttribute("data-kind"))
                    .contains("REGISTERED", "EVENT");
            assertThat(browser.findElement(By.cssSelector("#historia li[data-code='031']")).getText())
                    .contains("Reclamo (evento 031) de Teléfono S.A.S.: mercancía no entregada totalmente")
                    .contains("09/01/2026");
            assertThat(browser.findElement(By.id("cufe")).getText()).isEqualTo(invoice.cufe());
            assertThat(browser.findElement(By.id("verificar-dian")).getDomAttribute("href"))
                    .isEqualTo("https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey=" + invoice.cufe());
            // Nothing wider than the phone: the long CUFE wraps.
            Long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).isLessThanOrEqualTo(0L);
        } finally {
            browser.quit();
        }

        ChromeDriver english = HeadlessChromium.start(downloads, "es-CO");
        try {
            logIn(english);
            // the customer picks English (the page's language link)
            english.get("http://localhost:" + port + "/facturas/" + jdbc.sql("SELECT id FROM invoices WHERE number = :n")
                    .param("n", invoice.number()).query(Long.class).single() + "?lang=en");
            assertThat(english.findElement(By.id("historia")).getText())
                    .contains("Receipt acknowledged (event 030) by Teléfono S.A.S.")
                    .contains("Claim (event 031) by Teléfono S.A.S.: goods not delivered in full");
        } finally {
            english.quit();
        }
    }

    private void logIn(ChromeDriver browser) {
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys(NIT);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("ingresar")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/facturas"));
    }

    private void drop(InboxFolder inbox, String name, byte[] content) throws Exception {
        inbox.drop(name, content);
        IngestionLedger ledger = new IngestionLedger(jdbc);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.inbound(name)
                .map(f -> f.status().equals("REGISTERED") || f.status().equals("RECORDED")).orElse(false));
    }
}
