package co.entrega.portal;

import static org.assertj.core.api.Assertions.assertThat;

import co.entrega.storage.DocumentStore;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.PortalClient;
import co.entrega.support.PortalClient.Page;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Unknown addresses: a visitor is sent to the login; a customer gets the service's own Spanish 404 page. */
@EntregaIntegrationTest
class ErrorPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentStore store;
    @Autowired
    PasswordEncoder encoder;

    @Test
    void aVisitorIsSentToTheLogin() throws Exception {
        Page page = new PortalClient(port).get("/no-existe");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).isEqualTo("/login");
    }

    @Test
    void aCustomerGetsAFriendlySpanish404() throws Exception {
        new PortalFixture(jdbc, store, encoder).customer("720000001", "una frase larga y propia 2026");
        PortalClient browser = new PortalClient(port);
        browser.login("720000001", "una frase larga y propia 2026");

        for (String path : java.util.List.of("/no-existe", "/facturas/999999999", "/facturas/abc/pdf")) {
            Page page = browser.get(path);
            assertThat(page.status()).as(path).isIn(400, 404);
            assertThat(page.body()).as(path).contains("3003292").doesNotContain("Whitelabel")
                    .doesNotContain("Exception").doesNotContain("at co.entrega");
        }
        assertThat(browser.get("/no-existe").body()).contains("Página no encontrada");

        // In the language the customer chose.
        browser.get("/facturas?lang=en");
        assertThat(browser.get("/no-existe").body()).contains("Page not found").contains("3003292");
    }
}
