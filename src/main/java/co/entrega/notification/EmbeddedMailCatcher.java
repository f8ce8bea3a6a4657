package co.entrega.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.annotation.PreDestroy;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Demonstration mode: with no {@code spring.mail.host}, an in-process SMTP + IMAP server (GreenMail) on 127.0.0.1
 * catches every email, and {@code /dev/mailbox} shows them, so a newcomer can follow the whole journey without a mail
 * server. Ports 3025 and 3143 by default ({@code entrega.mail.catcher.smtp-port}, {@code imap-port}; 0 = any free).
 */
@Component
@ConditionalOnExpression("'${spring.mail.host:}'.isBlank()")
public class EmbeddedMailCatcher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMailCatcher.class);

    private final GreenMail greenMail;

    EmbeddedMailCatcher(MailCatcherProperties catcher, PortalLinks portal) {
        // An https base URL means a real deployment that forgot its SMTP relay: its customers' emails (credentials
        // included) would be caught here and readable at /dev/mailbox instead of delivered. Refuse to start.
        String baseUrl = portal.baseUrl();
        if (baseUrl.startsWith("https://") && !catcher.allowWithHttps()) {
            throw new IllegalStateException("entrega.portal.base-url is " + baseUrl + " (a real deployment) but "
                    + "spring.mail.host is not set: refusing to run in demonstration mode, where every email is caught "
                    + "and shown at /dev/mailbox. Set spring.mail.host (and port, credentials), or "
                    + "entrega.mail.catcher.allow-with-https=true for a demonstration served over HTTPS.");
        }
        ServerSetup smtp = new ServerSetup(catcher.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(catcher.imapPort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        greenMail = new GreenMail(new ServerSetup[] {catcher.smtpPort() == 0 ? smtp.dynamicPort() : smtp,
                catcher.imapPort() == 0 ? imap.dynamicPort() : imap});
        greenMail.start();
        log.warn("DEMONSTRATION MODE: no spring.mail.host set, every email is caught on 127.0.0.1 (SMTP {}, IMAP {}) "
                + "and shown to anyone at /dev/mailbox, credentials included. Never run it like this for real "
                + "customers.", smtpPort(), greenMail.getImap().getPort());
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public MimeMessage[] messages() {
        return greenMail.getReceivedMessages();
    }

    @PreDestroy
    void stop() {
        greenMail.stop();
    }
}
