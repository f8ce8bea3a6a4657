package co.entrega.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server (GreenMail) on a free port for a test class. Started when the class is loaded, before its
 * Spring context reads the port; the class stops it in {@code @AfterAll}.
 */
public final class TestSmtp {

    private TestSmtp() {
    }

    public static GreenMail start() {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    /**
     * A real SMTP server on a fixed port, for tests that stop it (a relay outage) and start it again on the same port
     * the service was configured with.
     */
    public static GreenMail startOn(int port) {
        GreenMail smtp = new GreenMail(new com.icegreen.greenmail.util.ServerSetup(port, "127.0.0.1",
                com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** A port free right now (for a server whose address must be known before the service starts). */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points the service's {@code spring.mail.*} at this server. */
    public static void register(DynamicPropertyRegistry registry, GreenMail smtp) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }
}
