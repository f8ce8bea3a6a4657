package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import co.entrega.support.MailboxReader;
import co.entrega.support.PortalClient;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** set-password-link mode: no password is ever emailed; the activation email's link is where the customer sets one. */
@EntregaIntegrationTest
@DirtiesContext
class SetPasswordLinkModeTest {

    static final GreenMail smtp = TestSmtp.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.onboarding.mode", () -> "set-password-link");
        registry.add("entrega.mail.default-locale", () -> "en");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aNewCustomerGetsTheActivationLinkAndTheInvoiceButNoPassword() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingest(fixture.invoiceFor(35001, "899000111", "link@mode.co"));

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT") == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == 2);
        List<MailboxReader.Mail> mails = MailboxReader.read(smtp.getReceivedMessages());

        assertThat(mails).extracting(MailboxReader.Mail::subject).first().isEqualTo("User activation");
        assertThat(mails.get(0).text()).contains("This link lets you choose your password").doesNotContain("Contraseña:");
        assertThat(mails.get(1).text()).startsWith("Dear Cliente 899000111,");
        assertThat(jdbc.sql("SELECT password_hash FROM portal_accounts").query().singleRow().get("password_hash")).isNull();

        // The link opens the form to choose the password; once chosen, the link is used up and the password works.
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://localhost:8080(/acceso/[A-Za-z0-9_-]{43})")
                .matcher(mails.get(0).text());
        assertThat(link.find()).isTrue();
        PortalClient browser = new PortalClient(port);
        PortalClient.Page form = browser.get(link.group(1));
        assertThat(form.body()).contains("899000111").contains("ACTUALIZAR").doesNotContain("name=\"token\"");
        assertThat(browser.post(link.group(1), java.util.Map.of("nueva", "corta", "confirmacion", "corta")).body())
                .contains("al menos 12 caracteres");
        String chosen = "la clave que yo elegí hoy";
        assertThat(browser.post(link.group(1), java.util.Map.of("nueva", chosen, "confirmacion", chosen)).location())
                .isEqualTo("/login?contrasenaGuardada");
        assertThat(browser.get(link.group(1)).body()).contains("Este enlace ya no es válido");
        assertThat(new PortalClient(port).login("899000111", chosen).location()).isEqualTo("/facturas");
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
}
