package co.entrega.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The real templates in ./templates/mail, rendered in both languages, with hostile values. */
class MailRenderingTest {

    private final MailTemplates templates = new MailTemplates(new MailTemplateProperties(Path.of("templates")));

    MailRenderingTest() throws Exception {
    }

    private static Map<String, Object> invoiceModel(String customerName) {
        Map<String, Object> model = new HashMap<>();
        model.put("customerName", customerName);
        model.put("issuerName", "Intertec S.A.S.");
        model.put("logoUrl", "");
        model.put("supportPhone", "3003292");
        model.put("documentKind", "factura electrónica de venta");
        model.put("number", "SETP990000001");
        model.put("issueDate", "13 de noviembre de 2026");
        model.put("amount", "1.234.567,89");
        model.put("currency", "COP");
        model.put("invoiceUrl", "https://facturas.intertec.co/facturas/42");
        model.put("attached", true);
        model.put("buyerEvents", true);
        model.put("receptionAddress", "recepcion@intertec.co");
        return model;
    }

    @Test
    void spanishIsTheDefaultAndEnglishIsAvailable() {
        Map<String, Object> model = invoiceModel("Panadería Ñ");

        assertThat(templates.text(MailKind.INVOICE, Locale.forLanguageTag("es-CO"), model))
                .contains("Estimado(a) Panadería Ñ:")
                .contains("realizar la descarga ingresando al siguiente link https://facturas.intertec.co/facturas/42")
                .contains("línea de soporte 3003292")
                .contains("Envíe los eventos de esta factura (acuse de recibo, recibo del bien, aceptación o reclamo)"
                        + " a recepcion@intertec.co.");
        assertThat(templates.text(MailKind.INVOICE, Locale.ENGLISH, model))
                .contains("Send this invoice's events (acknowledgement of receipt, receipt of the goods, acceptance"
                        + " or claim) to recepcion@intertec.co.");
        model.put("buyerEvents", false); // a credit or debit note: the buyer sends no events on it
        assertThat(templates.html(MailKind.INVOICE, Locale.forLanguageTag("es-CO"), model)).doesNotContain("eventos");
        model.put("buyerEvents", true);
        assertThat(templates.html(MailKind.INVOICE, Locale.ENGLISH, model))
                .contains("Dear Panadería Ñ,").contains("lang=\"en\"").contains("support line 3003292");
        assertThat(MailKind.ACTIVATION.subject(Locale.ENGLISH)).isEqualTo("User activation");
        assertThat(MailKind.ACTIVATION.subject(Locale.forLanguageTag("es-CO"))).isEqualTo("Activación de usuario");
    }

    @Test
    void aCustomerNameWithMarkupIsEscapedInHtml() {
        String html = templates.html(MailKind.INVOICE, Locale.forLanguageTag("es-CO"),
                invoiceModel("<script>alert(1)</script><a href=\"http://evil\">x</a>"));

        assertThat(html).doesNotContain("<script>").doesNotContain("href=\"http://evil\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void noControlCharacterReachesAHeader() {
        assertThat(MailComposer.headerSafe("Intertec\r\nBcc: victim@evil.co\u0000")).isEqualTo("Intertec Bcc: victim@evil.co");

        InvoiceMailData invoice = new InvoiceMailData(42, "INVOICE", "01", "SETP990000001", LocalDate.of(2026, 11, 13),
                new BigDecimal("100.00"), "COP", "900123456", "Intertec;S.A.S.\r\nBcc: x@evil.co", "Cliente",
                "a", "b", "fv1", null);
        String subject = MailComposer.headerSafe(MailComposer.dianSubject(invoice,
                new IssuerProperties("Intertec", "", "Software", "", "3003292", "")));

        assertThat(subject).doesNotContain("\r").doesNotContain("\n")
                .isEqualTo("900123456;Intertec,S.A.S. Bcc: x@evil.co;SETP990000001;01;Intertec,S.A.S. Bcc: x@evil.co;Software");
    }

    @Test
    void theZipIsNamedAfterDiansConvention() {
        InvoiceMailData loose = new InvoiceMailData(0x1a2b, "INVOICE", "01", "SETP1", LocalDate.of(2026, 3, 1),
                BigDecimal.ONE, "COP", "900123456", "Intertec", "Cliente", "a", "b", "fv1", "fv1.xml");
        InvoiceMailData zipped = new InvoiceMailData(7, "INVOICE", "01", "SETP1", LocalDate.of(2026, 3, 1),
                BigDecimal.ONE, "COP", "900123456", "Intertec", "Cliente", "a", "b", "ad1", "z0900123456000260000001a.zip");

        assertThat(InvoiceZip.fileName(loose)).isEqualTo("z090012345600026" + "00001a2b.zip");
        assertThat(InvoiceZip.fileName(zipped)).isEqualTo("z0900123456000260000001a.zip");
    }
}
