package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.mail.Flags;

import co.entrega.support.DovecotImap;
import co.entrega.support.EntregaIntegrationTest;
import co.entrega.support.MailFixtures;
import co.entrega.support.TestSmtp;
import com.icegreen.greenmail.util.GreenMail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reception mailbox on a real IMAP server (Debian's Dovecot) and a real SMTP relay (GreenMail): an Exchange
 * Online non-delivery report and a Sieve vacation reply arrive for an invoice email Entrega sent; the email becomes
 * BOUNCED, the reply is recorded against its invoice, and Dovecot holds both marked read, nothing deleted.
 */
@EntregaIntegrationTest
@DirtiesContext
class MailboxDovecotTest {

    static GreenMail smtp = TestSmtp.start();
    static DovecotImap dovecot;
    static DovecotImap.Account reception;

    @BeforeAll
    static void startDovecot() throws IOException {
        dovecot = DovecotImap.start();
        reception = dovecot.user("facturacion");
    }

    @AfterAll
    static void stop() {
        smtp.stop();
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, smtp);
        registry.add("entrega.mail.inbound.uri", () -> "imap://" + dovecot.host() + ":" + dovecot.port()
                + "?username=" + reception.user() + "&password=RAW(" + reception.password() + ")");
        registry.add("entrega.mail.inbound.poll-interval", () -> "300ms");
    }

    @Autowired
    JdbcClient jdbc;
    @Value("${entrega.data-dir}")
    Path dataDir;

    @Test
    void aRealServersReportAndReplyAreHandledAndLeftRead() throws Exception {
        NotificationFixture fixture = new NotificationFixture(dataDir, jdbc);
        String address = "compras@cliente-exchange.co";
        fixture.ingest(fixture.invoiceFor(62001, "862000001", address));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outboxCount("SENT", address) == 3);
        Map<String, Object> invoiceMail = jdbc.sql("SELECT id, message_id, invoice_id FROM mail_outbox"
                + " WHERE recipients = :r AND kind = 'INVOICE'").param("r", address).query().singleRow();
        String messageId = (String) invoiceMail.get("message_id");
        long mailId = ((Number) invoiceMail.get("id")).longValue();

        dovecot.append(reception.user(), MailFixtures.pointedAt("sieve-vacation-auto-reply.eml", messageId, address));
        dovecot.append(reception.user(), MailFixtures.pointedAt("exchange-ndr-recipient-not-found.eml", messageId,
                address));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT status FROM mail_outbox WHERE id = :id")
                .param("id", mailId).query(String.class).single().equals("BOUNCED"));
        assertThat(jdbc.sql("SELECT bounce_reason FROM mail_outbox WHERE id = :id").param("id", mailId)
                .query(String.class).single()).contains("550 5.1.10 RESOLVER.ADR.RecipientNotFound");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM inbound_files"
                + " WHERE file_type = 'EMAIL' AND status = 'RECORDED' AND invoice_id = :i")
                .param("i", invoiceMail.get("invoice_id")).query(Long.class).single() == 2);
        assertThat(jdbc.sql("SELECT detail FROM inbound_files WHERE file_type = 'EMAIL' ORDER BY id")
                .query(String.class).list()).satisfiesExactlyInAnyOrder(
                detail -> assertThat(detail).startsWith("Respuesta automática"),
                detail -> assertThat(detail).contains("quedó BOUNCED"));

        // Marked read once handled; still there.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                dovecot.flags(reception.user(), messageIdOf("exchange-ndr-recipient-not-found.eml"))
                        .contains(Flags.Flag.SEEN)
                        && dovecot.flags(reception.user(), messageIdOf("sieve-vacation-auto-reply.eml"))
                        .contains(Flags.Flag.SEEN));
        assertThat(dovecot.flags(reception.user(), messageIdOf("exchange-ndr-recipient-not-found.eml"))
                .contains(Flags.Flag.DELETED)).isFalse();
    }

    private static String messageIdOf(String fixture) throws Exception {
        return MailFixtures.parse(MailFixtures.bytes(fixture)).getMessageID();
    }
}
