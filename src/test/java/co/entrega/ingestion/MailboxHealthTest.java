package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import co.entrega.support.EntregaIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reception mailbox not yet polled does not make the service unhealthy: Camel reports a polling consumer DOWN until
 * its first poll, and the mailbox polls once a minute. (Here its first poll is an hour away.)
 */
@EntregaIntegrationTest
@DirtiesContext
class MailboxHealthTest {

    static final GreenMail imap = new GreenMail(ServerSetupTest.IMAP.dynamicPort());

    static {
        imap.start();
        imap.setUser("recepcion@intertec.co", "recepcion@intertec.co", "clave-de-prueba");
    }

    @AfterAll
    static void stop() {
        imap.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("entrega.mail.inbound.uri", () -> "imap://127.0.0.1:" + imap.getImap().getPort()
                + "?username=RAW(recepcion@intertec.co)&password=RAW(clave-de-prueba)&initialDelay=3600000");
    }

    @LocalServerPort
    int port;

    @Test
    void theServiceIsUpBeforeTheMailboxsFirstPoll() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }
}
