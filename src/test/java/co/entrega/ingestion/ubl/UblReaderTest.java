package co.entrega.ingestion.ubl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Style;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Style.CustomerNameAt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UblReaderTest {

    private static final long MAX = 2_000_000;

    private final UblReader reader = new UblReader(MAX);
    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();

    // ---------------------------------------------------------------------------------------------------------------
    // Every kind of document

    @Nested
    class Kinds {

        @Test
        void invoiceFieldsAreRead() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1);

            UblDocument doc = read(generator.invoiceXml(spec));

            assertThat(doc.kind()).isEqualTo(DocumentKind.INVOICE);
            assertThat(doc.typeCode()).isEqualTo("01");
            assertThat(doc.number()).isEqualTo(spec.number()).isEqualTo("SETP990000001");
            assertThat(doc.cufe()).isEqualTo(spec.cufe()).hasSize(96);
            assertThat(doc.cufeScheme()).isEqualTo("CUFE-SHA384");
            assertThat(doc.issueDate()).isEqualTo(spec.issueDate());
            assertThat(doc.issueTime()).isEqualTo(spec.issueTime());
            assertThat(doc.supplier()).isEqualTo(new Party("900123456", "7", "31", "Intertec S.A.S.", "Intertec S.A.S."));
            assertThat(doc.customer().nit()).isEqualTo(spec.customerNit());
            assertThat(doc.customer().checkDigit()).isEqualTo(spec.customerCheckDigit());
            assertThat(doc.customer().idType()).isEqualTo("31");
            assertThat(doc.customer().registrationName()).isEqualTo(spec.customerName());
            // The supplier's own Contact e-mail must not be taken for the customer's.
            assertThat(doc.customerEmails()).containsExactly(spec.customerEmailsRaw());
            assertThat(doc.payableAmount()).isEqualByComparingTo(spec.payableAmount());
            assertThat(doc.currency()).isEqualTo("COP");
            assertThat(doc.referencedNumber()).isNull();
            assertThat(doc.referencedCufe()).isNull();
            assertThat(doc.fromAttachedDocument()).isFalse();
            assertThat(doc.fingerprint()).matches("[0-9a-f]{64}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01", "02", "03", "04"})
        void invoiceTypeCodes(String typeCode) throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(2).withTypeCode(typeCode);

            UblDocument doc = read(generator.invoiceXml(spec));

            assertThat(doc.kind()).isEqualTo(DocumentKind.INVOICE);
            assertThat(doc.typeCode()).isEqualTo(typeCode);
        }

        @Test
        void invoiceWithoutTypeCodeDefaultsTo01() throws Exception {
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(SampleInvoiceGenerator.sample(2)),
                    "<cbc:InvoiceTypeCode>01</cbc:InvoiceTypeCode>", "");

            assertThat(read(xml).typeCode()).isEqualTo("01");
        }

        @Test
        void exportInvoiceInDollars() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(2).withTypeCode("02").withCurrency("USD")
                    .withPayableAmount(new BigDecimal("1250.50"));

            UblDocument doc = read(generator.invoiceXml(spec));

            assertThat(doc.currency()).isEqualTo("USD");
            assertThat(doc.payableAmount()).isEqualByComparingTo("1250.50");
        }

        @Test
        void creditNoteReferencesItsInvoice() throws Exception {
            Spec invoice = SampleInvoiceGenerator.sample(3);
            Spec note = SampleInvoiceGenerator.creditNoteFor(invoice, 40);

            UblDocument doc = read(generator.invoiceXml(note));

            assertThat(doc.kind()).isEqualTo(DocumentKind.CREDIT_NOTE);
            assertThat(doc.typeCode()).isEqualTo("91");
            assertThat(doc.number()).isEqualTo("NC990000040");
            assertThat(doc.cufeScheme()).isEqualTo("CUDE-SHA384");
            assertThat(doc.referencedNumber()).isEqualTo(invoice.number());
            assertThat(doc.referencedCufe()).isEqualTo(invoice.cufe());
            assertThat(doc.payableAmount()).isEqualByComparingTo(invoice.payableAmount());
        }

        @Test
        void debitNoteUsesRequestedMonetaryTotal() throws Exception {
            Spec invoice = SampleInvoiceGenerator.sample(4);
            Spec note = invoice.withKind(DocumentKind.DEBIT_NOTE).withNumber("ND990000001")
                    .withPayableAmount(new BigDecimal("35700.00")).withReferenced(invoice.number(), invoice.cufe());
            byte[] xml = generator.invoiceXml(note);
            assertThat(new String(xml, StandardCharsets.UTF_8))
                    .contains("<cac:RequestedMonetaryTotal>")
                    .doesNotContain("LegalMonetaryTotal")
                    .doesNotContain("TypeCode>");

            UblDocument doc = read(xml);

            assertThat(doc.kind()).isEqualTo(DocumentKind.DEBIT_NOTE);
            assertThat(doc.typeCode()).isEqualTo("92");
            assertThat(doc.payableAmount()).isEqualByComparingTo("35700.00");
            assertThat(doc.referencedNumber()).isEqualTo(invoice.number());
            assertThat(doc.referencedCufe()).isEqualTo(invoice.cufe());
        }

        @Test
        void debitNoteWithLegalMonetaryTotalIsTolerated() throws Exception {
            Spec note = SampleInvoiceGenerator.sample(4).withKind(DocumentKind.DEBIT_NOTE);
            String xml = new String(generator.invoiceXml(note), StandardCharsets.UTF_8)
                    .replace("RequestedMonetaryTotal", "LegalMonetaryTotal");

            assertThat(read(xml.getBytes(StandardCharsets.UTF_8)).payableAmount())
                    .isEqualByComparingTo(note.payableAmount());
        }

        @Test
        void attachedDocumentIsUnwrapped() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(5);
            byte[] attached = generator.attachedDocumentXml(spec);
            // The real thing carries DIAN's ApplicationResponse too, also as a CDATA cbc:Description.
            assertThat(new String(attached, StandardCharsets.UTF_8))
                    .contains("ParentDocumentLineReference").contains("ApplicationResponse");

            UblDocument doc = read(attached);

            assertThat(doc.fromAttachedDocument()).isTrue();
            assertThat(doc.kind()).isEqualTo(DocumentKind.INVOICE);
            assertThat(doc.number()).isEqualTo(spec.number());
            assertThat(doc.cufe()).isEqualTo(spec.cufe());
            assertThat(doc.customer().displayName()).isEqualTo(spec.customerName());
        }

        @Test
        void attachedCreditNoteIsUnwrapped() throws Exception {
            Spec note = SampleInvoiceGenerator.creditNoteFor(SampleInvoiceGenerator.sample(5), 41);

            UblDocument doc = read(generator.attachedDocumentXml(note));

            assertThat(doc.kind()).isEqualTo(DocumentKind.CREDIT_NOTE);
            assertThat(doc.fromAttachedDocument()).isTrue();
        }

        @Test
        void attachedDocumentWithInvoiceEscapedInsteadOfCdata() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(5);
            String invoice = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);
            String attached = new String(generator.attachedDocumentXml(spec), StandardCharsets.UTF_8)
                    .replace("<![CDATA[" + invoice + "]]>",
                            invoice.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));

            assertThat(read(attached.getBytes(StandardCharsets.UTF_8)).cufe()).isEqualTo(spec.cufe());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // How real files vary

    @Nested
    class Formatting {

        @Test
        void crlfLineEndings() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(6).withStyle(Style.DEFAULT.withCrlf(true));
            byte[] xml = generator.invoiceXml(spec);
            assertThat(new String(xml, StandardCharsets.UTF_8)).contains("\r\n");

            UblDocument doc = read(xml);

            assertThat(doc.customer().registrationName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
            assertThat(doc.number()).isEqualTo(spec.number());
        }

        @Test
        void noXmlDeclaration() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(6).withStyle(Style.DEFAULT.withXmlDeclaration(false));
            byte[] xml = generator.invoiceXml(spec);
            assertThat(new String(xml, StandardCharsets.UTF_8)).startsWith("<Invoice");

            assertThat(read(xml).customer().registrationName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
        }

        @Test
        void utf8ByteOrderMark() throws Exception {
            byte[] xml = generator.invoiceXml(SampleInvoiceGenerator.sample(6));
            byte[] withBom = new byte[xml.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(xml, 0, withBom, 3, xml.length);

            assertThat(read(withBom).customer().registrationName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
        }

        @Test
        void iso88591WithAccents() throws Exception {
            byte[] xml = generator.invoiceXml(HostileXml.latin1Spec());
            // Really Latin-1: "í" is the single byte 0xED.
            assertThat(new String(xml, StandardCharsets.ISO_8859_1)).contains("Panadería");
            assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain("Panadería");

            UblDocument doc = read(xml);

            assertThat(doc.customer().registrationName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
        }

        @Test
        void legacyDianExtensionNamespace() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(7).withStyle(Style.DEFAULT.withLegacyDianNamespace(true));
            byte[] xml = generator.invoiceXml(spec);
            assertThat(new String(xml, StandardCharsets.UTF_8))
                    .contains("http://www.dian.gov.co/contratos/facturaelectronica/v1/Structures");

            assertThat(read(xml).number()).isEqualTo(spec.number());
        }

        @Test
        void prefixedRootAndOtherPrefixes() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(8).withStyle(Style.DEFAULT.withPrefixed(true));
            String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8)
                    .replace("xmlns:cbc=", "xmlns:b=").replace("<cbc:", "<b:").replace("</cbc:", "</b:")
                    .replace("xmlns:cac=", "xmlns:a=").replace("<cac:", "<a:").replace("</cac:", "</a:");
            assertThat(xml).startsWith("<?xml").contains("<fe:Invoice").contains("<b:ID>").doesNotContain("cbc:");

            UblDocument doc = read(xml.getBytes(StandardCharsets.UTF_8));

            assertThat(doc.number()).isEqualTo(spec.number());
            assertThat(doc.payableAmount()).isEqualByComparingTo(spec.payableAmount());
            assertThat(doc.customer().nit()).isEqualTo(spec.customerNit());
        }

        @Test
        void defaultNamespaceRedeclaredOnComponents() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(8);
            String number = "<ID xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">"
                    + spec.number() + "</ID>";
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec),
                    "<cbc:ID>" + spec.number() + "</cbc:ID>", number);

            assertThat(read(xml).number()).isEqualTo(spec.number());
        }

        @Test
        void sameLocalNameInAnotherNamespaceIsNotTaken() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(8);
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec), "<cbc:ID>" + spec.number() + "</cbc:ID>",
                    "<ID xmlns=\"urn:other\">OTRO</ID><cbc:ID>" + spec.number() + "</cbc:ID>");

            assertThat(read(xml).number()).isEqualTo(spec.number());
        }

        @Test
        void whitespaceAroundValues() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(9);
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec), "<cbc:ID>" + spec.number() + "</cbc:ID>",
                    "<cbc:ID>\n      " + spec.number() + "  \t\n    </cbc:ID>");
            xml = HostileXml.replaceAscii(xml, ">" + spec.cufe() + "</cbc:UUID>",
                    ">  " + spec.cufe().toUpperCase(Locale.ROOT) + "\n</cbc:UUID>");

            UblDocument doc = read(xml);

            assertThat(doc.number()).isEqualTo(spec.number());
            assertThat(doc.cufe()).isEqualTo(spec.cufe()); // trimmed and lower-cased
        }

        @ParameterizedTest
        @ValueSource(strings = {"10:15:30", "10:15:30-05:00", "10:15:30Z", "10:15:30.123-05:00"})
        void issueTimeVariants(String written) throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(10);
            String original = "<cbc:IssueTime>" + spec.issueTime() + "-05:00</cbc:IssueTime>";
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec), original,
                    "<cbc:IssueTime>" + written + "</cbc:IssueTime>");

            LocalTime time = read(xml).issueTime();

            assertThat(time.withNano(0)).isEqualTo(LocalTime.of(10, 15, 30));
        }

        @Test
        void currencyFromPayableAmountWhenNoDocumentCurrencyCode() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(11).withCurrency("USD");
            String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8)
                    .replaceAll("<cbc:DocumentCurrencyCode[^>]*>USD</cbc:DocumentCurrencyCode>", "");

            assertThat(read(xml.getBytes(StandardCharsets.UTF_8)).currency()).isEqualTo("USD");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Customer data

    @Nested
    class Customer {

        @Test
        void severalEmailsInOneField() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1).withCustomerEmailsRaw("a@x.co; b@y.co,c@z.co");

            assertThat(read(generator.invoiceXml(spec)).customerEmails()).containsExactly("a@x.co", "b@y.co", "c@z.co");
        }

        @Test
        void emailsAreCleanedLowerCasedAndDeduplicated() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1)
                    .withCustomerEmailsRaw("  Compras@LaEspiga.example.CO ;; n/a ; compras@laespiga.example.co\n"
                            + "sin correo, tesoreria@laespiga.example.co");

            assertThat(read(generator.invoiceXml(spec)).customerEmails())
                    .containsExactly("compras@laespiga.example.co", "tesoreria@laespiga.example.co");
        }

        @Test
        void emailInAccountingContactIsAlsoTaken() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1);
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec), "</cac:AccountingCustomerParty>",
                    "<cac:AccountingContact><cbc:ElectronicMail>cartera@eltornillo.example.com</cbc:ElectronicMail>"
                            + "</cac:AccountingContact></cac:AccountingCustomerParty>");

            assertThat(read(xml).customerEmails())
                    .containsExactly(spec.customerEmailsRaw(), "cartera@eltornillo.example.com");
        }

        @Test
        void noEmailGivesAnEmptyList() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1).withCustomerEmailsRaw(null);

            assertThat(read(generator.invoiceXml(spec)).customerEmails()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(CustomerNameAt.class)
        void customerNameInEachPlace(CustomerNameAt at) throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(6).withStyle(Style.DEFAULT.withCustomerNameAt(at));

            Party customer = read(generator.invoiceXml(spec)).customer();

            assertThat(customer.displayName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
            if (at == CustomerNameAt.PARTY_NAME) {
                assertThat(customer.registrationName()).isNull();
                assertThat(customer.commercialName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
            } else {
                assertThat(customer.registrationName()).isEqualTo("Panadería La Espiga Ñ S.A.S.");
                assertThat(customer.commercialName()).isNull();
            }
        }

        @Test
        void naturalPersonNameFromPerson() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(3); // María José Peña Gutiérrez, cédula
            String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);
            xml = inCustomer(xml, "<cbc:RegistrationName>María José Peña Gutiérrez</cbc:RegistrationName>", "");
            xml = inCustomer(xml, "</cac:PartyLegalEntity>", "</cac:PartyLegalEntity>\n<cac:Person>"
                    + "<cbc:FirstName>María</cbc:FirstName><cbc:MiddleName>José</cbc:MiddleName>"
                    + "<cbc:FamilyName>Peña Gutiérrez</cbc:FamilyName></cac:Person>");

            Party customer = read(xml.getBytes(StandardCharsets.UTF_8)).customer();

            assertThat(customer.registrationName()).isEqualTo("María José Peña Gutiérrez");
            assertThat(customer.nit()).isEqualTo("52345678");
            assertThat(customer.idType()).isEqualTo("13");
            assertThat(customer.checkDigit()).isNull();
        }

        @Test
        void checkDigitWrittenIntoTheNit() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1); // 800987654, DV 4
            String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);
            xml = inCustomer(xml, " schemeID=\"4\"", "");
            xml = inCustomer(xml, ">800987654<", ">800987654-4<");

            Party customer = read(xml.getBytes(StandardCharsets.UTF_8)).customer();

            assertThat(customer.nit()).isEqualTo("800987654");
            assertThat(customer.checkDigit()).isEqualTo("4");
        }

        @Test
        void idFromPartyIdentificationWhenNoCompanyId() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(1);
            String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);
            String customer = xml.substring(xml.indexOf("<cac:AccountingCustomerParty>"));
            String withoutCompanyIds = customer.replaceAll("<cbc:CompanyID[^>]*>[^<]*</cbc:CompanyID>", "");
            xml = xml.replace(customer, withoutCompanyIds);

            assertThat(read(xml.getBytes(StandardCharsets.UTF_8)).customer().nit()).isEqualTo("800987654");
        }

        /** Replaces every occurrence after the start of AccountingCustomerParty (not in the supplier). */
        private String inCustomer(String xml, String from, String to) {
            int start = xml.indexOf("<cac:AccountingCustomerParty>");
            int end = xml.indexOf("</cac:AccountingCustomerParty>");
            String customer = xml.substring(start, end);
            assertThat(customer).contains(from);
            return xml.substring(0, start) + customer.replace(from, to) + xml.substring(end);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fingerprint

    @Nested
    class Fingerprints {

        @Test
        void sameDocumentSameFingerprintWhateverTheFormatting() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(12);
            String expected = read(generator.invoiceXml(spec)).fingerprint();

            List<byte[]> variants = List.of(
                    generator.invoiceXml(spec.withStyle(Style.DEFAULT.withCrlf(true))),
                    generator.invoiceXml(spec.withStyle(Style.DEFAULT.withEncoding("ISO-8859-1"))),
                    generator.invoiceXml(spec.withStyle(Style.DEFAULT.withXmlDeclaration(false))),
                    generator.invoiceXml(spec.withStyle(Style.DEFAULT.withLegacyDianNamespace(true))),
                    generator.invoiceXml(spec.withStyle(Style.DEFAULT.withPrefixed(true))),
                    generator.invoiceXml(spec.withStyle(Style.DEFAULT.withCustomerNameAt(CustomerNameAt.PARTY_TAX_SCHEME))),
                    generator.attachedDocumentXml(spec),
                    generator.attachedDocumentXml(spec.withStyle(Style.DEFAULT.withCrlf(true).withEncoding("ISO-8859-1"))));
            for (byte[] variant : variants) {
                assertThat(read(variant).fingerprint()).isEqualTo(expected);
            }
        }

        @Test
        void changedAmountChangesTheFingerprint() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(12);

            String original = read(generator.invoiceXml(spec)).fingerprint();
            String changed = read(generator.invoiceXml(spec.withPayableAmount(spec.payableAmount().add(BigDecimal.ONE))))
                    .fingerprint();

            assertThat(changed).isNotEqualTo(original);
        }

        @Test
        void changedCustomerOrEmailChangesTheFingerprint() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(12);
            String original = read(generator.invoiceXml(spec)).fingerprint();

            assertThat(read(generator.invoiceXml(spec.withCustomerNit("901999888"))).fingerprint()).isNotEqualTo(original);
            assertThat(read(generator.invoiceXml(spec.withCustomerEmailsRaw("otro@example.co"))).fingerprint())
                    .isNotEqualTo(original);
        }

        @Test
        void trailingZerosDoNotChangeTheFingerprint() throws Exception {
            Spec spec = SampleInvoiceGenerator.sample(12).withPayableAmount(new BigDecimal("1190000.00"));
            String original = read(generator.invoiceXml(spec)).fingerprint();
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec), ">1190000.00</cbc:PayableAmount>",
                    ">1190000</cbc:PayableAmount>");

            assertThat(read(xml).fingerprint()).isEqualTo(original);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Hostile and broken input: each must end as a specific, Spanish, actionable rejection

    @Nested
    class Hostile {

        @Test
        void xxeIsRefusedAndNothingIsRead() {
            UblRejectedException e = reject(HostileXml.xxeFileEntity());

            assertThat(e.reasonCode()).isEqualTo("DOCTYPE_FORBIDDEN");
            assertThat(e.getMessage()).isEqualTo("El XML contiene una declaración DOCTYPE, no permitida (posible ataque"
                    + " XXE o de expansión de entidades)");
            assertThat(e.getMessage()).doesNotContain(HostileXml.PASSWD_MARKER);
        }

        @Test
        void externalDtdIsRefusedBeforeAnyFetch() {
            UblRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> reject(HostileXml.xxeExternalDtd()));

            assertThat(e.reasonCode()).isEqualTo("DOCTYPE_FORBIDDEN");
        }

        @Test
        void billionLaughsIsRefusedFast() {
            UblRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> reject(HostileXml.billionLaughs()));

            assertThat(e.reasonCode()).isEqualTo("DOCTYPE_FORBIDDEN");
            assertThat(e.getMessage()).contains("expansión de entidades");
        }

        @Test
        void emptyFile() {
            UblRejectedException e = reject(HostileXml.empty());

            assertThat(e.reasonCode()).isEqualTo("EMPTY_FILE");
            assertThat(e.getMessage()).isEqualTo("El archivo está vacío");
        }

        @Test
        void blankFileWithBomIsEmptyToo() {
            assertThat(reject(HostileXml.blankWithBom()).reasonCode()).isEqualTo("EMPTY_FILE");
        }

        @Test
        void truncatedXmlNamesTheLine() {
            byte[] truncated = HostileXml.truncated();
            long lastLine = new String(truncated, StandardCharsets.UTF_8).lines().count();

            UblRejectedException e = reject(truncated);

            assertThat(e.reasonCode()).isEqualTo("MALFORMED_XML");
            assertThat(e.getMessage()).startsWith("XML mal formado en la línea " + lastLine + ", columna ");
            assertThat(e.getMessage()).doesNotContain("ParseError");
        }

        @Test
        void trailingGarbageAfterTheRoot() {
            byte[] xml = generator.invoiceXml(SampleInvoiceGenerator.sample(1));
            byte[] withGarbage = (new String(xml, StandardCharsets.UTF_8) + "<otra/>").getBytes(StandardCharsets.UTF_8);

            assertThat(reject(withGarbage).reasonCode()).isEqualTo("MALFORMED_XML");
        }

        @Test
        void undeclaredEntityIsMalformed() {
            UblRejectedException e = reject(HostileXml.undeclaredEntity());

            assertThat(e.reasonCode()).isEqualTo("MALFORMED_XML");
            assertThat(e.getMessage()).contains("línea").contains("&nbsp;");
        }

        @Test
        void htmlIsNotUbl() {
            UblRejectedException e = reject(HostileXml.html());

            assertThat(e.reasonCode()).isEqualTo("NOT_UBL");
            assertThat(e.getMessage()).isEqualTo("El XML no es un documento UBL 2.1 de DIAN (elemento raíz 'html')");
        }

        @Test
        void foreignNamespaceIsNotUbl() {
            UblRejectedException e = reject(HostileXml.foreignOrder());

            assertThat(e.reasonCode()).isEqualTo("NOT_UBL");
            assertThat(e.getMessage()).contains("'{urn:foo}Order'");
        }

        @Test
        void invoiceElementWithoutNamespaceIsNotUbl() {
            byte[] xml = "<Invoice><ID>1</ID></Invoice>".getBytes(StandardCharsets.US_ASCII);

            assertThat(reject(xml).reasonCode()).isEqualTo("NOT_UBL");
        }

        @Test
        void otherUblDocumentsAreNotAccepted() {
            byte[] xml = ("<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:"
                    + "ApplicationResponse-2\"/>").getBytes(StandardCharsets.US_ASCII);

            assertThat(reject(xml).getMessage()).contains("ApplicationResponse-2}ApplicationResponse'");
        }

        @Test
        void declaredUtf8ButLatin1Bytes() {
            UblRejectedException e = reject(HostileXml.declaredUtf8ButLatin1());

            assertThat(e.reasonCode()).isEqualTo("ENCODING_MISMATCH");
            assertThat(e.getMessage()).contains("La declaración dice UTF-8").contains("no son UTF-8 válidos")
                    .contains("ISO-8859-1").containsPattern("línea \\d+");
        }

        @Test
        void undeclaredLatin1Bytes() {
            UblRejectedException e = reject(HostileXml.undeclaredLatin1());

            assertThat(e.reasonCode()).isEqualTo("ENCODING_MISMATCH");
            assertThat(e.getMessage()).contains("no declara codificación (se asume UTF-8)");
        }

        @Test
        void declaredLatin1ButUtf8Bytes() {
            UblRejectedException e = reject(HostileXml.declaredLatin1ButUtf8());

            assertThat(e.reasonCode()).isEqualTo("ENCODING_MISMATCH");
            assertThat(e.getMessage()).contains("La declaración dice ISO-8859-1 pero el contenido está en UTF-8");
        }

        @Test
        void missingCufe() {
            UblRejectedException e = reject(HostileXml.missingCufe());

            assertThat(e.reasonCode()).isEqualTo("MISSING_CUFE");
            assertThat(e.getMessage()).isEqualTo("Falta el CUFE/CUDE (cbc:UUID)");
        }

        @Test
        void missingCustomerNit() {
            UblRejectedException e = reject(HostileXml.missingCustomerNit());

            assertThat(e.reasonCode()).isEqualTo("MISSING_CUSTOMER_NIT");
            assertThat(e.getMessage()).isEqualTo("Falta la identificación del adquiriente (AccountingCustomerParty)");
        }

        @Test
        void missingOtherRequiredFields() {
            Spec spec = SampleInvoiceGenerator.sample(1);
            assertRejected(generator.invoiceXml(spec.withNumber(null)), "MISSING_NUMBER",
                    "Falta el número del documento (cbc:ID)");
            assertRejected(HostileXml.missingAmount(), "MISSING_AMOUNT",
                    "Falta el valor a pagar (LegalMonetaryTotal/PayableAmount)");
            Spec noSupplier = new Spec(spec.kind(), spec.typeCode(), spec.number(), spec.cufe(), spec.issueDate(),
                    spec.issueTime(), null, null, spec.supplierName(), spec.customerNit(), spec.customerCheckDigit(),
                    spec.customerName(), spec.customerEmailsRaw(), spec.payableAmount(), spec.currency(), null, null,
                    spec.style());
            assertRejected(generator.invoiceXml(noSupplier), "MISSING_SUPPLIER_NIT",
                    "Falta el NIT del emisor (AccountingSupplierParty)");
            Spec noDate = new Spec(spec.kind(), spec.typeCode(), spec.number(), spec.cufe(), null, spec.issueTime(),
                    spec.supplierNit(), spec.supplierCheckDigit(), spec.supplierName(), spec.customerNit(),
                    spec.customerCheckDigit(), spec.customerName(), spec.customerEmailsRaw(), spec.payableAmount(),
                    spec.currency(), null, null, spec.style());
            assertRejected(generator.invoiceXml(noDate), "MISSING_ISSUE_DATE", "Falta la fecha de emisión (cbc:IssueDate)");
        }

        @Test
        void missingDebitNoteAmountNamesRequestedMonetaryTotal() {
            Spec note = SampleInvoiceGenerator.sample(1).withKind(DocumentKind.DEBIT_NOTE).withPayableAmount(null);

            assertRejected(generator.invoiceXml(note), "MISSING_AMOUNT",
                    "Falta el valor a pagar (RequestedMonetaryTotal/PayableAmount)");
        }

        @Test
        void unparseableAmountAndDate() {
            Spec spec = SampleInvoiceGenerator.sample(1).withPayableAmount(new BigDecimal("1234.50"));
            byte[] xml = generator.invoiceXml(spec);

            UblRejectedException amount = reject(HostileXml.replaceAscii(xml, ">1234.50</cbc:PayableAmount>",
                    ">1.234,50</cbc:PayableAmount>"));
            UblRejectedException date = reject(HostileXml.replaceAscii(xml,
                    "<cbc:IssueDate>" + spec.issueDate() + "</cbc:IssueDate>", "<cbc:IssueDate>13/11/2026</cbc:IssueDate>"));

            assertThat(amount.reasonCode()).isEqualTo("INVALID_VALUE");
            assertThat(amount.getMessage()).contains("LegalMonetaryTotal/PayableAmount").contains("'1.234,50'");
            assertThat(date.reasonCode()).isEqualTo("INVALID_VALUE");
            assertThat(date.getMessage()).contains("cbc:IssueDate").contains("'13/11/2026'");
        }

        @Test
        void impossibleDate() {
            Spec spec = SampleInvoiceGenerator.sample(1);
            byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec),
                    "<cbc:IssueDate>" + spec.issueDate() + "</cbc:IssueDate>", "<cbc:IssueDate>2026-02-30</cbc:IssueDate>");

            assertThat(reject(xml).reasonCode()).isEqualTo("INVALID_VALUE");
        }

        @Test
        void overSize() {
            UblRejectedException e = reject(new UblReader(10_000), HostileXml.oversized(10_000));

            assertThat(e.reasonCode()).isEqualTo("TOO_LARGE");
            assertThat(e.getMessage()).isEqualTo("El XML supera el tamaño máximo de 10000 bytes");
        }

        @Test
        void endlessStreamStopsAtTheLimit() {
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    return ' ';
                }
            };

            UblRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> catchThrowableOfType(UblRejectedException.class, () -> new UblReader(1_000_000).read(endless)));

            assertThat(e.reasonCode()).isEqualTo("TOO_LARGE");
        }

        @Test
        void attachedDocumentWithoutInvoice() {
            // Only the ApplicationResponse is left: it must not be taken for the invoice.
            UblRejectedException e = reject(HostileXml.attachedWithoutInvoice());

            assertThat(e.reasonCode()).isEqualTo("ATTACHED_EMPTY");
            assertThat(e.getMessage()).isEqualTo("El AttachedDocument no trae la factura en"
                    + " cac:Attachment/cac:ExternalReference/cbc:Description");
        }

        @Test
        void attachedDocumentInsideAttachedDocument() {
            UblRejectedException e = reject(HostileXml.attachedWithinAttached());

            assertThat(e.reasonCode()).isEqualTo("NOT_UBL");
            assertThat(e.getMessage()).contains("otro AttachedDocument");
        }

        @Test
        void attachedDocumentWithBrokenInvoice() {
            Spec spec = SampleInvoiceGenerator.sample(1);
            byte[] xml = HostileXml.replaceAscii(generator.attachedDocumentXml(spec), "</Invoice>", "</Factura>");

            UblRejectedException e = reject(xml);

            assertThat(e.reasonCode()).isEqualTo("MALFORMED_XML");
            assertThat(e.getMessage()).startsWith("En la factura dentro del AttachedDocument: XML mal formado en la línea");
        }

        @Test
        void attachedDocumentWithXxeInside() {
            String xxe = new String(HostileXml.xxeFileEntity(), StandardCharsets.US_ASCII);
            Spec spec = SampleInvoiceGenerator.sample(1);
            String invoice = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);
            String attached = new String(generator.attachedDocumentXml(spec), StandardCharsets.UTF_8)
                    .replace("<![CDATA[" + invoice + "]]>", "<![CDATA[" + xxe + "]]>");

            UblRejectedException e = reject(attached.getBytes(StandardCharsets.UTF_8));

            assertThat(e.reasonCode()).isEqualTo("DOCTYPE_FORBIDDEN");
            assertThat(e.getMessage()).doesNotContain(HostileXml.PASSWD_MARKER);
        }

        @Test
        void fileNameIsPrefixedWhenGiven() {
            UblRejectedException e = catchThrowableOfType(UblRejectedException.class,
                    () -> reader.read(new ByteArrayInputStream(HostileXml.missingCufe()), "fv0900123456.xml"));

            assertThat(e.reasonCode()).isEqualTo("MISSING_CUFE");
            assertThat(e.getMessage()).isEqualTo("fv0900123456.xml: Falta el CUFE/CUDE (cbc:UUID)");
        }

        @Test
        void failingStreamIsAnIoProblemNotARejection() {
            InputStream broken = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disco desconectado");
                }
            };

            assertThatThrownBy(() -> reader.read(broken)).isInstanceOf(UncheckedIOException.class);
        }

        private void assertRejected(byte[] xml, String code, String message) {
            UblRejectedException e = reject(xml);
            assertThat(e.reasonCode()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        }
    }

    @Test
    void readsConcurrentlyWithOneReader() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                Spec spec = SampleInvoiceGenerator.sample(i);
                byte[] xml = i % 2 == 0 ? generator.invoiceXml(spec) : generator.attachedDocumentXml(spec);
                results.add(pool.submit(() -> read(xml).cufe().equals(spec.cufe())));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNonsenseLimit() {
        assertThatThrownBy(() -> new UblReader(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void issueDateIsParsed() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(1);
        byte[] xml = HostileXml.replaceAscii(generator.invoiceXml(spec),
                "<cbc:IssueDate>" + spec.issueDate() + "</cbc:IssueDate>", "<cbc:IssueDate>2026-01-31-05:00</cbc:IssueDate>");

        assertThat(read(xml).issueDate()).isEqualTo(LocalDate.of(2026, 1, 31));
    }

    private UblDocument read(byte[] xml) throws UblRejectedException {
        return reader.read(new ByteArrayInputStream(xml));
    }

    private UblRejectedException reject(byte[] xml) {
        return reject(reader, xml);
    }

    private static UblRejectedException reject(UblReader reader, byte[] xml) {
        UblRejectedException e = catchThrowableOfType(UblRejectedException.class,
                () -> reader.read(new ByteArrayInputStream(xml)));
        assertThat(e).as("expected a rejection").isNotNull();
        assertThat(e.reasonCode()).isNotBlank();
        assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
        return e;
    }
}
