package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A deployment with an https portal address but no SMTP relay must not quietly catch its customers' emails. */
class DemonstrationModeGuardTest {

    @Test
    void refusesToCatchMailForAnHttpsPortal() {
        assertThatThrownBy(() -> catcher("https://facturas.intertec.co", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.mail.host is not set");
    }

    @Test
    void runsForAnHttpPortalOrWhenExplicitlyAllowed() {
        catcher("http://localhost:8080", false).stop();
        catcher("https://demo.intertec.co", true).stop();
    }

    private static EmbeddedMailCatcher catcher(String baseUrl, boolean allowWithHttps) {
        return new EmbeddedMailCatcher(new MailCatcherProperties(0, 0, allowWithHttps), new PortalLinks(baseUrl),
                "facturacion@intertec.co");
    }
}
