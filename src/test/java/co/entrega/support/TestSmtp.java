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

    /** Points the service's {@code spring.mail.*} at this server. */
    public static void register(DynamicPropertyRegistry registry, GreenMail smtp) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }
}
