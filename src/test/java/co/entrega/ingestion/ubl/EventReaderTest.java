package co.entrega.ingestion.ubl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;

import co.entrega.ingestion.BuyerEvent;
import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.ClaimConcept;
import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.support.RadianFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The buyer's RADIAN events (ApplicationResponse), bare and in their AttachedDocument: what is read, what is refused. */
class EventReaderTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    private final UblReader reader = new UblReader(2_000_000);
    private final Spec invoice = SampleInvoiceGenerator.sample(7);

    @ParameterizedTest
    @CsvSource({"030, false", "031, false", "032, false", "033, false", "034, false",
            "030, true", "031, true", "032, true", "033, true", "034, true"})
    void everyBuyerEventIsReadBareAndAttached(String code, boolean attached) throws Exception {
        RadianFixtures.Event fixture = RadianFixtures.on(invoice, code, DAY);

        BuyerEvent event = readEvent(attached ? RadianFixtures.attached(fixture) : RadianFixtures.bare(fixture));

        assertThat(event.code()).isEqualTo(BuyerEventCode.of(code).orElseThrow());
        assertThat(event.number()).isEqualTo(fixture.number());
        assertThat(event.cude()).isEqualTo(fixture.cude()).hasSize(96);
        assertThat(event.cudeScheme()).isEqualTo("CUDE-SHA384");
        assertThat(event.issueDate()).isEqualTo(DAY);
        assertThat(event.issueTime()).isEqualTo(LocalTime.of(10, 15, 30));
        assertThat(event.invoiceNumber()).isEqualTo(invoice.number());
        assertThat(event.invoiceCufe()).isEqualTo(invoice.cufe());
        assertThat(event.fromAttachedDocument()).isEqualTo(attached);
        if (code.equals("034")) {
            // The issuer registers the tacit acceptance, with DIAN as the receiver and the sworn statement as note.
            assertThat(event.senderNit()).isEqualTo(invoice.supplierNit());
            assertThat(event.senderCheckDigit()).isEqualTo(invoice.supplierCheckDigit());
            assertThat(event.senderName()).isEqualTo(invoice.supplierName());
            assertThat(event.receiverNit()).isEqualTo("800197268");
            assertThat(event.note()).startsWith("Manifiesto bajo la gravedad de juramento")
                    .contains(invoice.customerNit());
        } else {
            assertThat(event.senderNit()).isEqualTo(invoice.customerNit());
            assertThat(event.senderCheckDigit()).isEqualTo(invoice.customerCheckDigit());
            assertThat(event.senderName()).isEqualTo(invoice.customerName());
            assertThat(event.receiverNit()).isEqualTo(invoice.supplierNit());
            assertThat(event.receiverName()).isEqualTo(invoice.supplierName());
        }
        if (code.equals("031")) {
            assertThat(event.claimConcept()).isEqualTo(ClaimConcept.GOODS_NOT_DELIVERED);
            assertThat(event.note()).startsWith("Llegaron 40 de las 50 cajas");
            assertThat(event.label()).isEqualTo("Evento 031 (reclamo: mercancía no entregada totalmente)");
        } else {
            assertThat(event.claimConcept()).isNull();
        }
    }

    /** The sample generator's events (what demos and tests make for real invoices) are what the reader takes. */
    @ParameterizedTest
    @CsvSource({"030, false", "031, true", "032, false", "033, true", "034, false", "034, true"})
    void theSampleGeneratorsEventsAreRead(String code, boolean attached) throws Exception {
        SampleInvoiceGenerator generator = new SampleInvoiceGenerator();
        SampleInvoiceGenerator.EventSpec spec = SampleInvoiceGenerator.event(invoice, code, DAY);

        BuyerEvent event = readEvent(attached ? generator.attachedEventXml(spec) : generator.eventXml(spec));

        assertThat(event.code().code()).isEqualTo(code);
        assertThat(event.number()).isEqualTo(spec.number());
        assertThat(event.cude()).isEqualTo(spec.cude());
        assertThat(event.invoiceCufe()).isEqualTo(invoice.cufe());
        assertThat(event.senderNit()).isEqualTo(code.equals("034") ? invoice.supplierNit() : invoice.customerNit());
        assertThat(event.claimConcept()).isEqualTo(code.equals("031") ? ClaimConcept.GOODS_NOT_DELIVERED : null);
        assertThat(event.fromAttachedDocument()).isEqualTo(attached);
    }

    @Test
    void theInvoiceOnlyReadStillRefusesAnEvent() {
        byte[] bare = RadianFixtures.bare(RadianFixtures.on(invoice, "030", DAY));
        byte[] attached = RadianFixtures.attached(RadianFixtures.on(invoice, "030", DAY));

        UblRejectedException bareRefused = catchThrowableOfType(UblRejectedException.class,
                () -> reader.read(new ByteArrayInputStream(bare)));
        UblRejectedException attachedRefused = catchThrowableOfType(UblRejectedException.class,
                () -> reader.read(new ByteArrayInputStream(attached)));

        assertThat(bareRefused.reasonCode()).isEqualTo("NOT_UBL");
        assertThat(bareRefused.getMessage()).isEqualTo("El XML es un evento (elemento raíz"
                + " '{urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2}ApplicationResponse'),"
                + " no una factura o nota");
        assertThat(attachedRefused.reasonCode()).isEqualTo("NOT_UBL");
        assertThat(attachedRefused.getMessage()).startsWith("El AttachedDocument trae un evento");
    }

    @Test
    void anInvoiceReadForContentIsTheDocument() throws Exception {
        UblContent content = reader.readContent(new ByteArrayInputStream(
                new SampleInvoiceGenerator().attachedDocumentXml(invoice)), null);

        assertThat(content.event()).isNull();
        assertThat(content.document().cufe()).isEqualTo(invoice.cufe());
        assertThat(content.document().fromAttachedDocument()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dianValidationResponseIsNotABuyerEvent(boolean attached) {
        RadianFixtures.Event validation = RadianFixtures.on(invoice, "02", DAY);

        UblRejectedException e = reject(attached ? RadianFixtures.attached(validation) : RadianFixtures.bare(validation));

        assertThat(e.reasonCode()).isEqualTo("NOT_BUYER_EVENT");
        assertThat(e.getMessage()).startsWith("El ApplicationResponse es la respuesta de validación de la DIAN"
                + " (código 02, documento validado), no un evento del adquiriente; se esperan los eventos 030 acuse");
    }

    @Test
    void unknownAndTitleValueCodesAreNotBuyerEvents() {
        UblRejectedException unknown = reject(withCode("030", "099"));
        UblRejectedException endorsement = reject(withCode("030", "037"));

        assertThat(unknown.reasonCode()).isEqualTo("NOT_BUYER_EVENT");
        assertThat(unknown.getMessage()).startsWith("El ApplicationResponse trae el código '099', que no es un evento"
                + " del adquiriente");
        assertThat(endorsement.reasonCode()).isEqualTo("NOT_BUYER_EVENT");
        assertThat(endorsement.getMessage()).contains("evento de la factura como título valor (código 037)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            " name=\"Mercancía no entregada totalmente\" listID=\"02\" | GOODS_NOT_DELIVERED",
            " listID=\"2\"                                              | GOODS_NOT_DELIVERED",
            " listID=\"04\"                                             | SERVICE_NOT_RENDERED",
            " name=\"Servicio no prestado\"                             | SERVICE_NOT_RENDERED",
            " name=\"MERCANCIA NO ENTREGADA PARCIALMENTE\"               | GOODS_PARTIALLY_DELIVERED",
            " listID=\"Concepto de Reclamo\" name=\"01\"                | INCONSISTENT_DOCUMENT"})
    void theClaimsConceptIsReadWhereverSoftwareWritesIt(String attributes, ClaimConcept expected) throws Exception {
        byte[] xml = replace(RadianFixtures.bare(RadianFixtures.on(invoice, "031", DAY)),
                "<cbc:ResponseCode name=\"Mercancía no entregada totalmente\" listID=\"02\">",
                "<cbc:ResponseCode " + attributes.strip() + ">");

        assertThat(readEvent(xml).claimConcept()).isEqualTo(expected);
    }

    @Test
    void theClaimsConceptInALineResponseIsReadToo() throws Exception {
        byte[] xml = replace(RadianFixtures.bare(RadianFixtures.on(invoice, "031", DAY)),
                "<cbc:ResponseCode name=\"Mercancía no entregada totalmente\" listID=\"02\">031</cbc:ResponseCode>",
                "<cbc:ResponseCode>031</cbc:ResponseCode>");
        xml = replace(xml, "    </cac:DocumentReference>\n", "    </cac:DocumentReference>\n"
                + "    <cac:LineResponse><cac:LineReference><cbc:LineID>1</cbc:LineID></cac:LineReference>"
                + "<cac:Response><cbc:ResponseCode>03</cbc:ResponseCode></cac:Response></cac:LineResponse>\n");

        assertThat(readEvent(xml).claimConcept()).isEqualTo(ClaimConcept.GOODS_PARTIALLY_DELIVERED);
    }

    @Test
    void aClaimWithoutConceptOrWithAnUnknownOneIsRefused() {
        byte[] claim = RadianFixtures.bare(RadianFixtures.on(invoice, "031", DAY));
        String written = "<cbc:ResponseCode name=\"Mercancía no entregada totalmente\" listID=\"02\">";

        UblRejectedException none = reject(replace(claim, written, "<cbc:ResponseCode>"));
        UblRejectedException unknown = reject(replace(claim, written, "<cbc:ResponseCode listID=\"07\">"));

        assertThat(none.reasonCode()).isEqualTo("MISSING_CLAIM_CONCEPT");
        assertThat(none.getMessage()).startsWith("El reclamo (031) no trae su concepto (listID del cbc:ResponseCode: 01");
        assertThat(unknown.reasonCode()).isEqualTo("INVALID_CLAIM_CONCEPT");
        assertThat(unknown.getMessage()).startsWith("El reclamo (031) trae un concepto que no es de la lista: '07'");
    }

    @Test
    void whatAnEventCannotLack() {
        byte[] event = RadianFixtures.bare(RadianFixtures.on(invoice, "030", DAY));

        assertThat(reject(replace(event, "<cbc:ResponseCode>030</cbc:ResponseCode>", "")).reasonCode())
                .isEqualTo("MISSING_RESPONSE_CODE");
        assertThat(reject(replace(event, "<cbc:UUID schemeName=\"CUFE-SHA384\">" + invoice.cufe() + "</cbc:UUID>", ""))
                .getMessage()).isEqualTo("Falta el CUFE de la factura a la que se refiere el evento"
                + " (cac:DocumentResponse/cac:DocumentReference/cbc:UUID)");
        assertThat(reject(removeCude(event)).reasonCode()).isEqualTo("MISSING_CUDE");
        assertThat(reject(removeSenderId(event)).reasonCode()).isEqualTo("MISSING_SENDER_NIT");
    }

    @Test
    void oneFileOneEvent() {
        byte[] event = RadianFixtures.bare(RadianFixtures.on(invoice, "030", DAY));
        byte[] twoResponses = replace(event, "  </cac:DocumentResponse>\n",
                "  </cac:DocumentResponse>\n  <cac:DocumentResponse><cac:Response><cbc:ResponseCode>032"
                        + "</cbc:ResponseCode></cac:Response></cac:DocumentResponse>\n");

        UblRejectedException e = reject(twoResponses);

        assertThat(e.reasonCode()).isEqualTo("SEVERAL_EVENTS");
        assertThat(e.getMessage()).isEqualTo("El ApplicationResponse trae 2 respuestas (030, 032); se espera un evento"
                + " por archivo");
    }

    @Test
    void hexadecimalCudeAndCufeAreKeptInLowerCaseAsCufesAre() throws Exception {
        RadianFixtures.Event fixture = RadianFixtures.on(invoice, "030", DAY);
        byte[] upper = replace(replace(RadianFixtures.bare(fixture), fixture.cude(), fixture.cude().toUpperCase(Locale.ROOT)),
                "\">" + invoice.cufe() + "<", "\">" + invoice.cufe().toUpperCase(Locale.ROOT) + "<");

        BuyerEvent event = readEvent(upper);

        assertThat(event.cude()).isEqualTo(fixture.cude());
        assertThat(event.invoiceCufe()).isEqualTo(invoice.cufe());
    }

    @Test
    void anEventIsReadAsHostileInputToo() {
        byte[] event = RadianFixtures.bare(RadianFixtures.on(invoice, "030", DAY));
        byte[] withDoctype = replace(event, "<ApplicationResponse ", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                + "<ApplicationResponse ");

        assertThat(reject(withDoctype).reasonCode()).isEqualTo("DOCTYPE_FORBIDDEN");
    }

    private BuyerEvent readEvent(byte[] xml) throws UblRejectedException {
        UblContent content = reader.readContent(new ByteArrayInputStream(xml), null);
        assertThat(content.document()).isNull();
        return content.event();
    }

    private UblRejectedException reject(byte[] xml) {
        UblRejectedException e = catchThrowableOfType(UblRejectedException.class,
                () -> reader.readContent(new ByteArrayInputStream(xml), null));
        assertThat(e).as("rejected").isNotNull();
        return e;
    }

    private byte[] withCode(String code, String replacement) {
        return replace(RadianFixtures.bare(RadianFixtures.on(invoice, code, DAY)),
                "<cbc:ResponseCode>" + code + "</cbc:ResponseCode>", "<cbc:ResponseCode>" + replacement
                        + "</cbc:ResponseCode>");
    }

    private byte[] removeCude(byte[] event) {
        String xml = new String(event, StandardCharsets.UTF_8);
        return xml.replaceFirst("<cbc:UUID schemeID=\"2\" schemeName=\"CUDE-SHA384\">[0-9a-f]+</cbc:UUID>", "")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] removeSenderId(byte[] event) {
        String xml = new String(event, StandardCharsets.UTF_8);
        int sender = xml.indexOf("<cac:SenderParty>");
        int id = xml.indexOf("<cbc:CompanyID", sender);
        int end = xml.indexOf("</cbc:CompanyID>", id) + "</cbc:CompanyID>".length();
        return (xml.substring(0, id) + xml.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] xml, String from, String to) {
        String text = new String(xml, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException("The fixture no longer contains " + from);
        }
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }
}
