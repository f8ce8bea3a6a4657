package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import co.entrega.support.EntregaIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Demonstration mode (no spring.mail.host): every email is caught in-process and shown at /dev/mailbox. */
@EntregaIntegrationTest
class DevMailboxTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theCaughtEmailsAreListedShownWithWorkingLinksAndTheirAttachments() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        fixture.ingest(fixture.invoiceFor(34001, "888999000", "demo@demo.co"));

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT", "demo@demo.co") == 3);
        String list = get("/dev/mailbox").body();
        assertThat(list).contains("modo demostración").contains("Activación de usuario")
                .contains("Contraseña de acceso").contains("900123456;Intertec S.A.S.;SETP990034001;01;");

        Matcher invoiceLink = Pattern.compile("<a href=\"/dev/mailbox/(\\d+)\">900123456;Intertec S.A.S.;SETP990034001;").matcher(list);
        assertThat(invoiceLink.find()).isTrue();
        String index = invoiceLink.group(1);
        HttpResponse<String> page = get("/dev/mailbox/" + index);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("demo@demo.co").contains("/dev/mailbox/" + index + "/attachments/0");
        assertThat(get("/dev/mailbox/" + index + "/html").body())
                .contains("href=\"http://localhost:8080/facturas/");

        HttpResponse<byte[]> zip = http.send(request("/dev/mailbox/" + index + "/attachments/0"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries).hasSize(2).anyMatch(n -> n.endsWith(".xml")).anyMatch(n -> n.endsWith(".pdf"));
        assertThat(get("/dev/mailbox/999").statusCode()).isEqualTo(404);
    }

    @Test
    void theLoginPageSaysDemonstrationModeAndLinksTheMailbox() throws Exception {
        String login = get("/login").body();
        assertThat(login).contains("Modo demostración").contains("href=\"/dev/mailbox\"");
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }
}
