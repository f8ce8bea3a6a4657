package co.entrega.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import co.entrega.storage.FolderDocumentStore;
import co.entrega.support.MailFixtures;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reception mailbox's messages are, read from real and faithfully rebuilt ones (src/test/resources/mail):
 * every bounce names the failed address, its status and the returned email's Message-ID; a delay notice is not a
 * bounce; automatic replies are told from bounces though both say Auto-Submitted.
 */
class ReceivedMailReaderTest {

    @TempDir
    Path folder;
    private ReceivedMailReader reader;

    @BeforeEach
    void store() throws IOException {
        reader = new ReceivedMailReader(new FolderDocumentStore(folder), 1_000_000);
    }

    @Test
    void aRealPostfixBounce() throws IOException {
        ReceivedMail mail = read("postfix-dsn-user-unknown.eml");
        assertThat(mail.kind()).isEqualTo(ReceivedMail.Kind.DELIVERY_REPORT);
        assertThat(mail.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo(MailFixtures.RECIPIENT);
            assertThat(r.failed()).isTrue();
            assertThat(r.status()).isEqualTo("5.1.1");
            assertThat(r.diagnostic()).startsWith("550 5.1.1 <cliente@example.co>: Recipient address rejected")
                    .doesNotContain("\n");
        });
        assertThat(mail.quotedIds()).first().isEqualTo(MailFixtures.MESSAGE_ID);
        assertThat(mail.date()).isNotNull();
    }

    @Test
    void anExchangeOnlineNonDeliveryReport() throws IOException {
        ReceivedMail mail = read("exchange-ndr-recipient-not-found.eml");
        assertThat(mail.kind()).isEqualTo(ReceivedMail.Kind.DELIVERY_REPORT);
        assertThat(mail.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo(MailFixtures.RECIPIENT);
            assertThat(r.failed()).isTrue();
            assertThat(r.status()).isEqualTo("5.1.10");
            assertThat(r.diagnostic()).contains("550 5.1.10 RESOLVER.ADR.RecipientNotFound");
        });
        assertThat(mail.quotedIds()).first().isEqualTo(MailFixtures.MESSAGE_ID);
    }

    @Test
    void olderTextBouncesWithoutAReport() throws IOException {
        for (String name : new String[] {"qmail-bounce-text.eml", "exim-bounce-text.eml"}) {
            ReceivedMail mail = read(name);
            assertThat(mail.kind()).as(name).isEqualTo(ReceivedMail.Kind.DELIVERY_REPORT);
            assertThat(mail.recipients()).as(name).singleElement().satisfies(r -> {
                assertThat(r.address()).isEqualTo(MailFixtures.RECIPIENT);
                assertThat(r.failed()).isTrue();
                assertThat(r.status()).isEqualTo("5.1.1");
            });
            assertThat(mail.quotedIds()).as(name).contains(MailFixtures.MESSAGE_ID);
        }
    }

    @Test
    void aDelayNoticeIsAReportButNoBounce() throws IOException {
        ReceivedMail mail = read("postfix-dsn-delayed.eml");
        assertThat(mail.kind()).isEqualTo(ReceivedMail.Kind.DELIVERY_REPORT);
        assertThat(mail.recipients()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("delayed");
            assertThat(r.failed()).isFalse();
            assertThat(r.status()).isEqualTo("4.2.2");
        });
    }

    @Test
    void automaticRepliesAreNotBounces() throws IOException {
        for (String name : new String[] {"sieve-vacation-auto-reply.eml", "exchange-out-of-office.eml"}) {
            ReceivedMail mail = read(name);
            assertThat(mail.kind()).as(name).isEqualTo(ReceivedMail.Kind.AUTO_REPLY);
            assertThat(mail.quotedIds()).as(name).contains(MailFixtures.MESSAGE_ID);
        }
    }

    @Test
    void aReportWhoseStatusCannotBeReadIsMalformed() throws IOException {
        for (String name : new String[] {"malformed-dsn-garbage-status.eml", "malformed-dsn-missing-status.eml"}) {
            ReceivedMail mail = read(name);
            assertThat(mail.kind()).as(name).isEqualTo(ReceivedMail.Kind.MALFORMED_REPORT);
            assertThat(mail.problem()).as(name).contains("delivery-status");
        }
    }

    @Test
    void aMessageWithAnXmlAttachmentCarriesDocumentsEvenWhenMarkedAutomatic() throws IOException {
        String message = String.join("\r\n",
                "From: eventos@proveedor-comprador.co",
                "To: facturacion@intertec.co",
                "Subject: Evento;ACU1;900123456;Comprador S.A.S.;030",
                "Auto-Submitted: auto-generated",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"b\"",
                "",
                "--b",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "Adjunto el acuse de recibo.",
                "--b",
                "Content-Type: application/octet-stream; name=\"ar900123456.xml\"",
                "Content-Disposition: attachment; filename=\"../../ar900123456.xml\"",
                "",
                "<ApplicationResponse/>",
                "--b",
                "Content-Type: image/png; name=\"logo.png\"",
                "Content-Disposition: inline; filename=\"logo.png\"",
                "",
                "png",
                "--b--",
                "");
        ReceivedMail mail = reader.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        assertThat(mail.kind()).isEqualTo(ReceivedMail.Kind.DOCUMENTS);
        // the name is a label only: no folder of it survives
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("ar900123456.xml");
            assertThat(a.stored().size()).isEqualTo("<ApplicationResponse/>".length());
        });
        assertThat(mail.ignored()).containsExactly("logo.png");
    }

    @Test
    void aPersonsMessageIsNotUnderstood() throws IOException {
        String message = "From: pagos@comprador.co\r\nSubject: Una pregunta\r\n\r\nHola, una consulta.\r\n";
        ReceivedMail mail = reader.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        assertThat(mail.kind()).isEqualTo(ReceivedMail.Kind.NOT_UNDERSTOOD);
        assertThat(mail.from()).isEqualTo("pagos@comprador.co");
        assertThat(mail.subject()).isEqualTo("Una pregunta");
        assertThat(mail.attachments()).isEmpty();
    }

    private ReceivedMail read(String fixture) throws IOException {
        return reader.read(new ByteArrayInputStream(MailFixtures.bytes(fixture)));
    }
}
