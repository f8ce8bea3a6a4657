package co.entrega.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.annotation.PreDestroy;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

import co.entrega.ingestion.DemonstrationMailbox;

/**
 * Demonstration mode: with no {@code spring.mail.host}, an in-process SMTP + IMAP server (GreenMail) on 127.0.0.1
 * catches every email, and {@code /dev/mailbox} shows them, so a newcomer can follow the whole journey without a mail
 * server. Ports 3025 and 3143 by default ({@code entrega.mail.catcher.smtp-port}, {@code imap-port}; 0 = any free).
 */
@Component
@ConditionalOnExpression("'${spring.mail.host:}'.isBlank()")
public class EmbeddedMailCatcher implements DemonstrationMailbox {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMailCatcher.class);

    private final GreenMail greenMail;
    private final String receptionAddress;
    private final String receptionPassword = UUID.randomUUID().toString();

    @Autowired
    EmbeddedMailCatcher(MailCatcherProperties catcher, PortalLinks portal, MailDeliveryProperties delivery) {
        this(catcher, portal, delivery.from());
    }

    EmbeddedMailCatcher(MailCatcherProperties catcher, PortalLinks portal, String receptionAddress) {
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
        // The reception mailbox (the sender's address) that the route ingestion-mailbox reads, as it would the
        // issuer's real one: what is sent to it here (a bounce, a buyer's event) is handled like the real thing.
        this.receptionAddress = receptionAddress;
        greenMail.setUser(receptionAddress, receptionAddress, receptionPassword);
        log.warn("DEMONSTRATION MODE: no spring.mail.host set, every email is caught on 127.0.0.1 (SMTP {}, IMAP {}) "
                + "and shown to anyone at /dev/mailbox, credentials included. Never run it like this for real "
                + "customers.", smtpPort(), greenMail.getImap().getPort());
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    @Override
    public String imapUri() {
        return "imap://127.0.0.1:" + greenMail.getImap().getPort() + "?username=RAW(" + receptionAddress
                + ")&password=RAW(" + receptionPassword + ")";
    }

    @Override
    public String address() {
        return receptionAddress;
    }

    public MimeMessage[] messages() {
        return greenMail.getReceivedMessages();
    }

    @PreDestroy
    void stop() {
        greenMail.stop();
    }
}
