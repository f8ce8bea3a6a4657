package co.entrega.support;

import static co.entrega.support.MailFixtures.MESSAGE_ID;
import static co.entrega.support.MailFixtures.RECIPIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The mail fixtures parse as messages and still hold what their names and the README claim, so they cannot rot. */
class MailFixturesTest {

    static Stream<String> fixtures() {
        return Stream.of("postfix-dsn-user-unknown.eml", "postfix-dsn-delayed.eml",
                "exchange-ndr-recipient-not-found.eml", "qmail-bounce-text.eml", "exim-bounce-text.eml",
                "sieve-vacation-auto-reply.eml", "exchange-out-of-office.eml", "malformed-dsn-garbage-status.eml",
                "malformed-dsn-missing-status.eml");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureIsCrlfOnlyAndNamesTheOriginalMessage(String name) throws Exception {
        byte[] bytes = MailFixtures.bytes(name);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);

        assertThat(text.replace("\r\n", "")).as("bare CR or LF").doesNotContain("\n").doesNotContain("\r");
        assertThat(text).contains(MESSAGE_ID);
        MimeMessage message = MailFixtures.parse(bytes);
        assertThat(message.getFrom()).isNotEmpty();
        assertThat(message.getSubject()).isNotBlank();
    }

    @Test
    void postfixUserUnknownIsAFailedReportWithTheWholeOriginal() throws Exception {
        List<Part> parts = parts("postfix-dsn-user-unknown.eml", "delivery-status");

        assertThat(parts).extracting(MailFixturesTest::baseType)
                .containsExactly("text/plain", "message/delivery-status", "message/rfc822");
        assertThat(content(parts.get(1))).contains("Final-Recipient: rfc822; " + RECIPIENT, "Action: failed",
                "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1");
        MimeMessage original = MailFixtures.parse(raw(parts.get(2)));
        assertThat(original.getMessageID()).isEqualTo(MESSAGE_ID);
    }

    @Test
    void postfixDelayedIsADelayedReportNotAFailure() throws Exception {
        List<Part> parts = parts("postfix-dsn-delayed.eml", "delivery-status");

        assertThat(parts).extracting(MailFixturesTest::baseType)
                .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
        assertThat(content(parts.get(1))).contains("Action: delayed", "Status: 4.2.2", "Will-Retry-Until:")
                .doesNotContain("Action: failed");
        assertThat(content(parts.get(2))).contains("Message-ID: " + MESSAGE_ID);
    }

    @Test
    void exchangeNdrHasBothHumanPartsTheStatusAndTheOriginalHeaders() throws Exception {
        List<Part> parts = parts("exchange-ndr-recipient-not-found.eml", "delivery-status");

        assertThat(parts).extracting(MailFixturesTest::baseType)
                .containsExactly("multipart/alternative", "message/delivery-status", "text/rfc822-headers");
        Multipart human = (Multipart) parts.get(0).getContent();
        assertThat(baseType(human.getBodyPart(0))).isEqualTo("text/plain");
        assertThat(baseType(human.getBodyPart(1))).isEqualTo("text/html");
        assertThat((String) human.getBodyPart(0).getContent()).contains("Factura electrónica FE-42");
        assertThat(content(parts.get(1))).containsPattern("Reporting-MTA: dns;\\S+\\.prod\\.outlook\\.com")
                .contains("Final-Recipient: rfc822;" + RECIPIENT, "Action: failed", "Status: 5.1.10",
                        "Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP"
                                + " address lookup");
        assertThat(content(parts.get(2))).contains("Message-ID: " + MESSAGE_ID);
    }

    @Test
    void textBouncesAreNotReportsButQuoteTheOriginal() throws Exception {
        MimeMessage qmail = MailFixtures.parse(MailFixtures.bytes("qmail-bounce-text.eml"));
        MimeMessage exim = MailFixtures.parse(MailFixtures.bytes("exim-bounce-text.eml"));

        assertThat(qmail.isMimeType("text/plain")).isTrue();
        assertThat((String) qmail.getContent()).startsWith("Hi. This is the qmail-send program at ")
                .contains("<" + RECIPIENT + ">:", "(#5.1.1)", "--- Below this line is a copy of the message.",
                        "Message-ID: " + MESSAGE_ID);
        assertThat(exim.isMimeType("text/plain")).isTrue();
        assertThat(exim.getHeader("X-Failed-Recipients", ",")).isEqualTo(RECIPIENT);
        assertThat((String) exim.getContent()).contains("This is a permanent error", "550 5.1.1",
                "------ This is a copy of the message, including all the headers. ------",
                "Message-ID: " + MESSAGE_ID);
    }

    @Test
    void automaticRepliesSayWhatTheyAreAndWhatTheyAnswer() throws Exception {
        MimeMessage vacation = MailFixtures.parse(MailFixtures.bytes("sieve-vacation-auto-reply.eml"));
        MimeMessage outOfOffice = MailFixtures.parse(MailFixtures.bytes("exchange-out-of-office.eml"));

        assertThat(vacation.getHeader("Auto-Submitted", ",")).startsWith("auto-replied");
        assertThat(vacation.getHeader("In-Reply-To", ",")).isEqualTo(MESSAGE_ID);
        assertThat(vacation.isMimeType("text/plain")).isTrue();
        assertThat(outOfOffice.getHeader("Auto-Submitted", ",")).isEqualTo("auto-generated");
        assertThat(outOfOffice.getHeader("X-Auto-Response-Suppress", ",")).isEqualTo("All");
        assertThat(outOfOffice.getHeader("In-Reply-To", ",")).isEqualTo(MESSAGE_ID);
        assertThat(MimeUtility.unfold(outOfOffice.getSubject()))
                .isEqualTo("Respuesta automática: Factura electrónica FE-42 de Intertec S.A.S.");
        assertThat(outOfOffice.isMimeType("multipart/alternative")).isTrue();
    }

    @Test
    void malformedReportsAreReportsWithoutAReadableStatus() throws Exception {
        List<Part> garbage = parts("malformed-dsn-garbage-status.eml", "delivery-status");
        List<Part> missing = parts("malformed-dsn-missing-status.eml", "delivery-status");

        assertThat(garbage).extracting(MailFixturesTest::baseType)
                .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
        assertThat(content(garbage.get(1))).doesNotContainPattern("(?m)^Status: *\\d\\.\\d+\\.\\d+")
                .doesNotContainPattern("(?m)^Action: *\\S");
        assertThat(missing).extracting(MailFixturesTest::baseType)
                .containsExactly("text/plain", "text/rfc822-headers");
        assertThat(content(missing.get(1))).contains("Message-ID: " + MESSAGE_ID);
    }

    @Test
    void pointedAtSwapsTheMessageIdAndRecipientAndKeepsEveryOtherByte() throws Exception {
        String id = "<0a1b2c3d.42.entrega@facturas.example.net>";
        byte[] original = MailFixtures.bytes("postfix-dsn-user-unknown.eml");
        byte[] pointed = MailFixtures.pointedAt("postfix-dsn-user-unknown.eml", id, "compras@otro.example.com");

        String text = new String(pointed, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Message-ID: " + id, "Final-Recipient: rfc822; compras@otro.example.com")
                .doesNotContain(MESSAGE_ID, RECIPIENT);
        assertThat(text.replace(id.substring(1, id.length() - 1), "entrega.invoice.42@intertec.co")
                .replace("compras@otro.example.com", RECIPIENT).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(original);
    }

    /** The top-level parts of a multipart/report of this report-type. */
    private static List<Part> parts(String name, String reportType) throws MessagingException, IOException {
        MimeMessage message = MailFixtures.parse(MailFixtures.bytes(name));
        ContentType type = new ContentType(message.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo(reportType);
        Multipart multipart = (Multipart) message.getContent();
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            parts.add(part);
        }
        return parts;
    }

    private static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A part's decoded text, read without Jakarta's content handlers (which may reject a garbled report). */
    private static String content(Part part) throws MessagingException, IOException {
        return new String(raw(part), StandardCharsets.UTF_8);
    }

    private static byte[] raw(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
