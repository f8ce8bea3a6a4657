package co.entrega;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import co.entrega.support.EntregaIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An unknown address gets the service's own Spanish page, never a framework's default error page. */
@EntregaIntegrationTest
class ErrorPageTest {

    @LocalServerPort
    int port;

    @Test
    void anUnknownPageIsAFriendlySpanish404() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no-existe"))
                        .header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("Página no encontrada").contains("3003292")
                .doesNotContain("Whitelabel").doesNotContain("Exception");
    }
}
