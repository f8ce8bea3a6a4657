package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A deployment with an https portal address but no SMTP relay must not quietly catch its customers' emails. */
class DemonstrationModeGuardTest {

    @Test
    void refusesToCatchMailForAnHttpsPortal() {
        assertThatThrownBy(() -> new EmbeddedMailCatcher(0, 0, "https://facturas.intertec.co", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.mail.host is not set");
    }

    @Test
    void runsForAnHttpPortalOrWhenExplicitlyAllowed() {
        new EmbeddedMailCatcher(0, 0, "http://localhost:8080", false).stop();
        new EmbeddedMailCatcher(0, 0, "https://demo.intertec.co", true).stop();
    }
}
