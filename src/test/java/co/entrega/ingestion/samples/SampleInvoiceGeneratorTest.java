package co.entrega.ingestion.samples;

import static org.assertj.core.api.Assertions.assertThat;

import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Style;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Style.CustomerNameAt;
import co.entrega.ingestion.ubl.DocumentKind;
import co.entrega.ingestion.ubl.UblDocument;
import co.entrega.ingestion.ubl.UblReader;
import co.entrega.ingestion.ubl.UblRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SampleInvoiceGeneratorTest {

    private final SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
    private final UblReader reader = new UblReader(5_000_000);

    @Test
    void sampleIsDeterministicAndRealistic() {
        Spec spec = SampleInvoiceGenerator.sample(1);

        assertThat(SampleInvoiceGenerator.sample(1)).isEqualTo(spec);
        assertThat(spec.kind()).isEqualTo(DocumentKind.INVOICE);
        assertThat(spec.typeCode()).isEqualTo("01");
        assertThat(spec.number()).isEqualTo("SETP990000001");
        assertThat(spec.cufe()).matches("[0-9a-f]{96}");
        assertThat(spec.supplierName()).isEqualTo("Intertec S.A.S.");
        assertThat(spec.supplierNit()).isEqualTo("900123456");
        assertThat(spec.supplierCheckDigit()).isEqualTo("7");
        assertThat(spec.currency()).isEqualTo("COP");
        assertThat(spec.payableAmount().scale()).isEqualTo(2);
        assertThat(spec.style()).isEqualTo(Style.DEFAULT);
    }

    @Test
    void samplesSpreadOverCustomersDatesAndAmounts() {
        List<Spec> specs = new ArrayList<>();
        for (long seq = 1; seq <= 60; seq++) {
            specs.add(SampleInvoiceGenerator.sample(seq));
        }

        assertThat(specs).extracting(Spec::issueDate).allSatisfy(date -> assertThat(date)
                .isBetween(SampleInvoiceGenerator.REFERENCE_DATE.minusDays(59), SampleInvoiceGenerator.REFERENCE_DATE));
        assertThat(specs.stream().map(Spec::customerNit).distinct().count()).isGreaterThanOrEqualTo(6);
        assertThat(specs.stream().map(Spec::cufe).distinct().count()).isEqualTo(60);
        assertThat(specs.stream().map(Spec::payableAmount).distinct().count()).isGreaterThan(50);
        assertThat(specs).extracting(Spec::customerName)
                .contains("Panadería La Espiga Ñ S.A.S.", "María José Peña Gutiérrez");
        assertThat(specs).extracting(Spec::customerEmailsRaw)
                .allSatisfy(email -> assertThat(email).matches("[a-z.]+@[a-z.]*example\\.(co|com)"));
    }

    /** Every kind in every style must come back from the reader with the values it was generated from. */
    static Stream<Arguments> kindsAndStyles() {
        List<Arguments> cases = new ArrayList<>();
        for (DocumentKind kind : DocumentKind.values()) {
            for (CustomerNameAt at : CustomerNameAt.values()) {
                for (String encoding : List.of("UTF-8", "ISO-8859-1")) {
                    for (int flags = 0; flags < 8; flags++) {
                        boolean crlf = (flags & 1) != 0;
                        boolean legacy = (flags & 2) != 0;
                        boolean prefixed = (flags & 4) != 0;
                        Style style = new Style(crlf, true, legacy, at, encoding, prefixed);
                        cases.add(Arguments.of(kind, style));
                    }
                }
            }
        }
        for (DocumentKind kind : DocumentKind.values()) {
            cases.add(Arguments.of(kind, Style.DEFAULT.withXmlDeclaration(false)));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("kindsAndStyles")
    void roundTripsThroughTheReader(DocumentKind kind, Style style) throws Exception {
        Spec invoice = SampleInvoiceGenerator.sample(6); // Panadería La Espiga Ñ S.A.S.: accents survive?
        Spec spec = kind == DocumentKind.INVOICE ? invoice
                : invoice.withKind(kind).withNumber("N" + kind.ordinal() + "990000006")
                        .withReferenced(invoice.number(), invoice.cufe());
        spec = spec.withStyle(style);

        UblDocument doc = read(generator.invoiceXml(spec));
        UblDocument attached = read(generator.attachedDocumentXml(spec));

        assertThat(doc.kind()).isEqualTo(kind);
        assertThat(doc.typeCode()).isEqualTo(kind.defaultTypeCode());
        assertThat(doc.number()).isEqualTo(spec.number());
        assertThat(doc.cufe()).isEqualTo(spec.cufe());
        assertThat(doc.issueDate()).isEqualTo(spec.issueDate());
        assertThat(doc.issueTime()).isEqualTo(spec.issueTime());
        assertThat(doc.supplier().nit()).isEqualTo(spec.supplierNit());
        assertThat(doc.customer().nit()).isEqualTo(spec.customerNit());
        assertThat(doc.customer().checkDigit()).isEqualTo(spec.customerCheckDigit());
        assertThat(doc.customer().displayName()).isEqualTo(spec.customerName());
        assertThat(doc.customerEmails()).containsExactly(spec.customerEmailsRaw());
        assertThat(doc.payableAmount()).isEqualByComparingTo(spec.payableAmount());
        assertThat(doc.referencedNumber()).isEqualTo(spec.referencedNumber());
        assertThat(doc.referencedCufe()).isEqualTo(spec.referencedCufe());
        assertThat(attached.fromAttachedDocument()).isTrue();
        assertThat(attached.fingerprint()).isEqualTo(doc.fingerprint());
    }

    @Test
    void valuesAreXmlEscaped() throws Exception {
        String name = "Hermanos Pérez & Cía. <Ltda> \"La 'Única'\"";
        Spec spec = SampleInvoiceGenerator.sample(1).withCustomer("901555666", "1", name, "pagos@hermanos.example.co");

        String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);

        assertThat(xml).contains("Hermanos Pérez &amp; Cía. &lt;Ltda&gt; &quot;La &apos;Única&apos;&quot;");
        assertThat(read(xml.getBytes(StandardCharsets.UTF_8)).customer().registrationName()).isEqualTo(name);
        assertThat(read(generator.attachedDocumentXml(spec)).customer().registrationName()).isEqualTo(name);
    }

    @Test
    void charactersOutsideLatin1BecomeCharacterReferences() throws Exception {
        String name = "Café € Œuvre S.A.S.";
        Spec spec = SampleInvoiceGenerator.sample(1).withCustomer("901555666", "1", name, null)
                .withStyle(Style.DEFAULT.withEncoding("ISO-8859-1"));

        byte[] xml = generator.invoiceXml(spec);

        assertThat(new String(xml, StandardCharsets.ISO_8859_1)).contains("Café &#8364; &#338;uvre");
        assertThat(read(xml).customer().registrationName()).isEqualTo(name);
    }

    @Test
    void styleControlsDeclarationLineEndingsAndNamespaces() {
        Spec spec = SampleInvoiceGenerator.sample(1);

        String lf = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);
        String crlf = new String(generator.invoiceXml(spec.withStyle(Style.DEFAULT.withCrlf(true))), StandardCharsets.UTF_8);
        String bare = new String(generator.invoiceXml(spec.withStyle(Style.DEFAULT.withXmlDeclaration(false))),
                StandardCharsets.UTF_8);
        String legacy = new String(generator.invoiceXml(spec.withStyle(Style.DEFAULT.withLegacyDianNamespace(true))),
                StandardCharsets.UTF_8);
        String prefixed = new String(generator.invoiceXml(spec.withStyle(Style.DEFAULT.withPrefixed(true))),
                StandardCharsets.UTF_8);

        assertThat(lf).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"").doesNotContain("\r")
                .contains("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"")
                .contains("xmlns:sts=\"dian:gov:co:facturaelectronica:Structures-2-1\"");
        assertThat(crlf).contains("\r\n").doesNotContainPattern("[^\r]\n");
        assertThat(bare).startsWith("<Invoice");
        assertThat(legacy).contains("xmlns:sts=\"http://www.dian.gov.co/contratos/facturaelectronica/v1/Structures\"");
        assertThat(prefixed).contains("<fe:Invoice xmlns:fe=").contains("</fe:Invoice>");
    }

    @Test
    void realisticDianStructure() {
        Spec invoice = SampleInvoiceGenerator.sample(1);
        String xml = new String(generator.invoiceXml(invoice), StandardCharsets.UTF_8);
        String note = new String(generator.invoiceXml(SampleInvoiceGenerator.creditNoteFor(invoice, 2)),
                StandardCharsets.UTF_8);

        assertThat(xml).contains("<ext:UBLExtensions>", "<sts:DianExtensions>", "<ds:Signature",
                "<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID>", "<cbc:ProfileID>DIAN 2.1",
                "<cbc:UUID schemeID=\"2\" schemeName=\"CUFE-SHA384\">" + invoice.cufe() + "</cbc:UUID>",
                "<cbc:IssueTime>" + invoice.issueTime() + "-05:00</cbc:IssueTime>",
                "<cbc:InvoiceTypeCode>01</cbc:InvoiceTypeCode>", "<cac:PaymentMeans>", "<cbc:Percent>19.00</cbc:Percent>",
                "schemeAgencyID=\"195\"", "schemeID=\"7\" schemeName=\"31\">900123456</cbc:CompanyID>",
                "<cac:LegalMonetaryTotal>", "<cac:InvoiceLine>");
        assertThat(note).contains("<CreditNote xmlns=", "schemeName=\"CUDE-SHA384\"",
                "<cbc:CreditNoteTypeCode>91</cbc:CreditNoteTypeCode>", "<cac:BillingReference>",
                "<cbc:ID>" + invoice.number() + "</cbc:ID>", "<cac:CreditNoteLine>", "<cbc:CreditedQuantity");
    }

    @Test
    void taxAndTotalsAddUp() {
        Spec spec = SampleInvoiceGenerator.sample(1).withPayableAmount(new BigDecimal("1190000.00"));
        String xml = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);

        assertThat(xml).contains("<cbc:LineExtensionAmount currencyID=\"COP\">1000000.00</cbc:LineExtensionAmount>",
                "<cbc:TaxAmount currencyID=\"COP\">190000.00</cbc:TaxAmount>",
                "<cbc:PayableAmount currencyID=\"COP\">1190000.00</cbc:PayableAmount>",
                "<cbc:LineCountNumeric>2</cbc:LineCountNumeric>");
        assertThat(Pattern.compile("<cac:InvoiceLine>").matcher(xml).results().count()).isEqualTo(2);
    }

    @Test
    void attachedDocumentCarriesTheInvoiceAndDiansResponse() {
        Spec spec = SampleInvoiceGenerator.sample(1);
        String attached = new String(generator.attachedDocumentXml(spec), StandardCharsets.UTF_8);
        String invoice = new String(generator.invoiceXml(spec), StandardCharsets.UTF_8);

        assertThat(attached)
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"")
                .contains("<AttachedDocument xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:AttachedDocument-2\"")
                .contains("<cbc:Description><![CDATA[" + invoice + "]]></cbc:Description>")
                .contains("<cac:ParentDocumentLineReference>")
                .contains("<cbc:UUID schemeName=\"CUFE-SHA384\">" + spec.cufe() + "</cbc:UUID>")
                .contains("<![CDATA[<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<ApplicationResponse");
    }

    @Test
    void pdfIsValidWithCorrectXref() {
        Spec spec = SampleInvoiceGenerator.sample(1);
        byte[] pdf = generator.pdf(spec);
        String text = new String(pdf, StandardCharsets.ISO_8859_1); // One char per byte: indexes are byte offsets.

        assertThat(text).startsWith("%PDF-1.4").endsWith("%%EOF")
                .contains("/BaseFont /Helvetica", "(Intertec S.A.S.) Tj", "(Factura electr\u00f3nica de venta) Tj",
                        spec.number(), "Ferreter\u00eda El Tornillo Ltda.", "153.979,37");

        Matcher startxref = Pattern.compile("startxref\n(\\d+)\n%%EOF$").matcher(text);
        assertThat(startxref.find()).isTrue();
        int xref = Integer.parseInt(startxref.group(1));
        assertThat(text.substring(xref)).startsWith("xref\n0 8\n0000000000 65535 f \n");
        Matcher entry = Pattern.compile("(\\d{10}) 00000 n \n").matcher(text.substring(xref));
        int object = 1;
        while (entry.find()) {
            int offset = Integer.parseInt(entry.group(1));
            assertThat(text.substring(offset)).startsWith(object + " 0 obj\n");
            object++;
        }
        assertThat(object - 1).isEqualTo(7);

        Matcher stream = Pattern.compile("<< /Length (\\d+) >>\nstream\n").matcher(text);
        assertThat(stream.find()).isTrue();
        int length = Integer.parseInt(stream.group(1));
        assertThat(text.substring(stream.end() + length)).startsWith("\nendstream");
    }

    @Test
    void differentSpecsGiveDifferentPdfs() {
        Spec spec = SampleInvoiceGenerator.sample(1);

        assertThat(generator.pdf(spec)).isEqualTo(generator.pdf(spec));
        assertThat(generator.pdf(spec)).isNotEqualTo(generator.pdf(SampleInvoiceGenerator.sample(2)));
        assertThat(generator.pdf(spec)).isNotEqualTo(generator.pdf(spec.withPayableAmount(BigDecimal.TEN)));
    }

    @Test
    void dianZipHoldsAttachedDocumentAndPdf() throws Exception {
        Spec spec = SampleInvoiceGenerator.sample(1);

        Map<String, byte[]> entries = unzip(generator.dianZip(spec));

        assertThat(generator.zipFileName(spec)).isEqualTo("z090012345600026" + "3b023381" + ".zip");
        assertThat(entries).containsOnlyKeys("ad090012345600026" + "3b023381" + ".xml",
                "ad090012345600026" + "3b023381" + ".pdf");
        byte[] xml = entries.get("ad0900123456000263b023381.xml");
        assertThat(xml).isEqualTo(generator.attachedDocumentXml(spec));
        assertThat(entries.get("ad0900123456000263b023381.pdf")).isEqualTo(generator.pdf(spec));
        assertThat(read(xml).fromAttachedDocument()).isTrue();
        assertThat(generator.dianZip(spec)).as("deterministic").isEqualTo(generator.dianZip(spec));
    }

    @Test
    void namesFollowDianConventions() {
        Spec invoice = SampleInvoiceGenerator.sample(1);
        Spec note = SampleInvoiceGenerator.creditNoteFor(invoice, 2);

        assertThat(generator.baseName(invoice)).isEqualTo("fv0900123456000263b023381");
        assertThat(generator.baseName(note)).startsWith("nc0900123456000");
        assertThat(generator.baseName(invoice.withKind(DocumentKind.DEBIT_NOTE))).startsWith("nd0900123456000");
        assertThat(generator.baseName(SampleInvoiceGenerator.sample(2))).isNotEqualTo(generator.baseName(invoice));
    }

    @Test
    void writeSamplesWritesARealisticMixAtomically(@TempDir Path inbox) throws Exception {
        List<Path> written = generator.writeSamples(inbox, 30, 100);

        try (Stream<Path> files = Files.list(inbox)) {
            List<Path> present = files.toList();
            assertThat(present).containsExactlyInAnyOrderElementsOf(written);
            assertThat(present).noneMatch(p -> p.getFileName().toString().startsWith("."));
        }
        Map<String, Long> byExtension = written.stream()
                .collect(Collectors.groupingBy(p -> p.toString().substring(p.toString().lastIndexOf('.') + 1),
                        Collectors.counting()));
        assertThat(byExtension).containsEntry("zip", 6L).containsEntry("xml", 24L).containsEntry("pdf", 24L);

        Set<String> invoiceCufes = new HashSet<>();
        List<UblDocument> notes = new ArrayList<>();
        Set<Boolean> crlfSeen = new HashSet<>();
        for (Path path : written) {
            String name = path.getFileName().toString();
            if (name.endsWith(".pdf")) {
                assertThat(Files.readAllBytes(path)).startsWith("%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
                assertThat(Files.exists(path.resolveSibling(name.replace(".pdf", ".xml")))).isTrue();
                continue;
            }
            byte[] xml = name.endsWith(".zip") ? unzip(Files.readAllBytes(path)).values().stream()
                    .filter(b -> b[0] == '<').findFirst().orElseThrow() : Files.readAllBytes(path);
            crlfSeen.add(new String(xml, StandardCharsets.ISO_8859_1).contains("\r\n"));
            UblDocument doc = read(xml);
            if (doc.kind() == DocumentKind.CREDIT_NOTE) {
                assertThat(name).startsWith("nc");
                notes.add(doc);
            } else {
                invoiceCufes.add(doc.cufe());
            }
        }
        assertThat(notes).hasSize(3);
        assertThat(notes).allSatisfy(note -> assertThat(invoiceCufes).contains(note.referencedCufe()));
        assertThat(crlfSeen).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void mainWritesIntoADirectory(@TempDir Path inbox) throws IOException {
        SampleInvoiceGenerator.main(new String[] {inbox.toString(), "4", "500"});

        try (Stream<Path> files = Files.list(inbox)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(name -> name.startsWith("fv0900123456") && name.endsWith(".xml"));
        }
    }

    private UblDocument read(byte[] xml) throws UblRejectedException {
        return reader.read(new ByteArrayInputStream(xml));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
