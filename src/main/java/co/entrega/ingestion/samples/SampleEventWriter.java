package co.entrega.ingestion.samples;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

import co.entrega.ingestion.samples.SampleInvoiceGenerator.EventSpec;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;

/**
 * Writes a buyer's RADIAN event on a sample invoice as DIAN's annex shows it: the ApplicationResponse (030 to 034,
 * the 031 with its concept in the ResponseCode's listID), and the AttachedDocument it travels in, with DIAN's
 * validation of the event under ParentDocumentLineReference.
 */
final class SampleEventWriter {

    private static final String DIAN_NIT = "800197268";
    private static final String DIAN_NAME = "Unidad Especial Dirección de Impuestos y Aduanas Nacionales";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private SampleEventWriter() {
    }

    static byte[] applicationResponse(EventSpec event) {
        return text(event).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] attachedDocument(EventSpec event) {
        XmlBuilder xml = new XmlBuilder();
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        xml.open("AttachedDocument", "xmlns", SampleUblWriter.UBL + "AttachedDocument-2",
                "xmlns:cac", SampleUblWriter.CAC, "xmlns:cbc", SampleUblWriter.CBC, "xmlns:ext", SampleUblWriter.EXT,
                "xmlns:ds", SampleUblWriter.DS);
        signature(xml, "ad" + event.number());
        xml.leaf("cbc:UBLVersionID", "UBL 2.1")
                .leaf("cbc:CustomizationID", "Documentos adjuntos")
                .leaf("cbc:ProfileID", "DIAN 2.1")
                .leaf("cbc:ProfileExecutionID", "2")
                .leaf("cbc:ID", "AD" + event.number())
                .leaf("cbc:IssueDate", event.date())
                .leaf("cbc:IssueTime", time(event))
                .leaf("cbc:DocumentType", "Contenedor de Evento")
                .leaf("cbc:ParentDocumentID", event.number());
        party(xml, "cac:SenderParty", senderName(event), senderNit(event), senderCheckDigit(event));
        party(xml, "cac:ReceiverParty", receiverName(event), receiverNit(event), receiverCheckDigit(event));
        xml.open("cac:Attachment").open("cac:ExternalReference")
                .leaf("cbc:MimeCode", "text/xml")
                .leaf("cbc:EncodingCode", "UTF-8")
                .cdata("cbc:Description", text(event))
                .close("cac:ExternalReference").close("cac:Attachment");
        xml.open("cac:ParentDocumentLineReference")
                .leaf("cbc:LineID", "1")
                .open("cac:DocumentReference")
                .leaf("cbc:ID", event.number())
                .leaf("cbc:UUID", event.cude(), "schemeName", "CUDE-SHA384")
                .leaf("cbc:IssueDate", event.date())
                .leaf("cbc:DocumentType", "ApplicationResponse")
                .open("cac:Attachment").open("cac:ExternalReference")
                .leaf("cbc:MimeCode", "text/xml")
                .leaf("cbc:EncodingCode", "UTF-8")
                .cdata("cbc:Description", dianValidation(event))
                .close("cac:ExternalReference").close("cac:Attachment")
                .open("cac:ResultOfVerification")
                .leaf("cbc:ValidatorID", DIAN_NAME)
                .leaf("cbc:ValidationResultCode", "02")
                .leaf("cbc:ValidationDate", event.date())
                .leaf("cbc:ValidationTime", time(event))
                .close("cac:ResultOfVerification")
                .close("cac:DocumentReference")
                .close("cac:ParentDocumentLineReference");
        xml.close("AttachedDocument");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(EventSpec event) {
        Spec invoice = event.invoice();
        XmlBuilder xml = new XmlBuilder();
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        xml.open("ApplicationResponse", "xmlns", SampleUblWriter.UBL + "ApplicationResponse-2",
                "xmlns:cac", SampleUblWriter.CAC, "xmlns:cbc", SampleUblWriter.CBC, "xmlns:ext", SampleUblWriter.EXT,
                "xmlns:sts", SampleUblWriter.STS, "xmlns:ds", SampleUblWriter.DS);
        xml.open("ext:UBLExtensions").open("ext:UBLExtension").open("ext:ExtensionContent")
                .open("sts:DianExtensions")
                .open("sts:InvoiceSource")
                .leaf("cbc:IdentificationCode", "CO", "listAgencyID", "6",
                        "listAgencyName", "United Nations Economic Commission for Europe")
                .close("sts:InvoiceSource")
                .open("sts:SoftwareProvider")
                .leaf("sts:ProviderID", senderNit(event), "schemeAgencyID", "195", "schemeID", senderCheckDigit(event),
                        "schemeName", "31")
                .leaf("sts:SoftwareID", "0c6f1d8e-31a2-4b7e-9f45-6d2c8e1a7b90", "schemeAgencyID", "195")
                .close("sts:SoftwareProvider")
                .leaf("sts:SoftwareSecurityCode", SampleInvoiceGenerator.sha384Hex("software" + event.number()),
                        "schemeAgencyID", "195")
                .open("sts:AuthorizationProvider")
                .leaf("sts:AuthorizationProviderID", DIAN_NIT, "schemeAgencyID", "195", "schemeID", "4",
                        "schemeName", "31")
                .close("sts:AuthorizationProvider")
                .leaf("sts:QRCode", "https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey="
                        + invoice.cufe())
                .close("sts:DianExtensions")
                .close("ext:ExtensionContent").close("ext:UBLExtension");
        xml.open("ext:UBLExtension").open("ext:ExtensionContent");
        signature(xml, event.number());
        xml.close("ext:ExtensionContent").close("ext:UBLExtension").close("ext:UBLExtensions");
        xml.leaf("cbc:UBLVersionID", "UBL 2.1")
                .leaf("cbc:CustomizationID", "1")
                .leaf("cbc:ProfileID", "DIAN 2.1: ApplicationResponse de la Factura Electrónica de Venta")
                .leaf("cbc:ProfileExecutionID", "2")
                .leaf("cbc:ID", event.number())
                .leaf("cbc:UUID", event.cude(), "schemeID", "2", "schemeName", "CUDE-SHA384")
                .leaf("cbc:IssueDate", event.date())
                .leaf("cbc:IssueTime", time(event));
        if (event.code().equals("034")) {
            // The annex's sworn statement, mandatory on a tacit acceptance.
            xml.leaf("cbc:Note", "Manifiesto bajo la gravedad de juramento que transcurridos 3 días hábiles"
                    + " siguientes a la fecha de recepción de la mercancía o del servicio en la referida factura de este"
                    + " evento, el adquirente " + invoice.customerName() + " identificado con NIT "
                    + invoice.customerNit() + " no manifestó expresamente la aceptación o rechazo de la referida"
                    + " factura, ni reclamó en contra de su contenido.");
        } else if (event.note() != null) {
            xml.leaf("cbc:Note", event.note());
        }
        party(xml, "cac:SenderParty", senderName(event), senderNit(event), senderCheckDigit(event));
        party(xml, "cac:ReceiverParty", receiverName(event), receiverNit(event), receiverCheckDigit(event));
        String concept = event.claimConcept();
        xml.open("cac:DocumentResponse")
                .open("cac:Response")
                .leaf("cbc:ResponseCode", event.code(), "name", concept == null ? null : conceptName(concept),
                        "listID", concept)
                .leaf("cbc:Description", description(event.code()))
                .close("cac:Response")
                .open("cac:DocumentReference")
                .leaf("cbc:ID", invoice.number())
                .leaf("cbc:UUID", invoice.cufe(), "schemeName", "CUFE-SHA384")
                .leaf("cbc:DocumentTypeCode", invoice.typeCode())
                .close("cac:DocumentReference");
        if (event.code().equals("030") || event.code().equals("032")) {
            // Who received the invoice or the goods, on the buyer's side.
            xml.open("cac:IssuerParty").open("cac:Person")
                    .leaf("cbc:ID", "52987654", "schemeName", "13")
                    .leaf("cbc:FirstName", "Luz Marina")
                    .leaf("cbc:FamilyName", "Ocampo Restrepo")
                    .leaf("cbc:JobTitle", "Auxiliar de recepción")
                    .leaf("cbc:OrganizationDepartment", "Compras")
                    .close("cac:Person").close("cac:IssuerParty");
        }
        xml.close("cac:DocumentResponse");
        xml.close("ApplicationResponse");
        return xml.toString();
    }

    /** DIAN's validation of the event, itself an ApplicationResponse (code 02): never a buyer's event. */
    private static String dianValidation(EventSpec event) {
        XmlBuilder xml = new XmlBuilder();
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        xml.open("ApplicationResponse", "xmlns", SampleUblWriter.UBL + "ApplicationResponse-2",
                        "xmlns:cac", SampleUblWriter.CAC, "xmlns:cbc", SampleUblWriter.CBC)
                .leaf("cbc:UBLVersionID", "UBL 2.1")
                .leaf("cbc:ProfileID", "DIAN 2.1")
                .leaf("cbc:ID", "DIAN" + event.number())
                .leaf("cbc:UUID", SampleInvoiceGenerator.sha384Hex("dian" + event.cude()), "schemeName", "CUDE-SHA384")
                .leaf("cbc:IssueDate", event.date())
                .leaf("cbc:IssueTime", time(event));
        party(xml, "cac:SenderParty", DIAN_NAME, DIAN_NIT, "4");
        party(xml, "cac:ReceiverParty", senderName(event), senderNit(event), senderCheckDigit(event));
        xml.open("cac:DocumentResponse")
                .open("cac:Response")
                .leaf("cbc:ResponseCode", "02")
                .leaf("cbc:Description", "Documento validado por la DIAN")
                .close("cac:Response")
                .open("cac:DocumentReference")
                .leaf("cbc:ID", event.number())
                .leaf("cbc:UUID", event.cude(), "schemeName", "CUDE-SHA384")
                .close("cac:DocumentReference")
                .close("cac:DocumentResponse")
                .close("ApplicationResponse");
        return xml.toString();
    }

    private static void party(XmlBuilder xml, String element, String name, String nit, String checkDigit) {
        xml.open(element).open("cac:PartyTaxScheme")
                .leaf("cbc:RegistrationName", name)
                .leaf("cbc:CompanyID", nit, checkDigit == null ? new String[] {"schemeName", "13"}
                        : SampleUblWriter.companyId(checkDigit));
        SampleUblWriter.taxScheme(xml, "01", "IVA");
        xml.close("cac:PartyTaxScheme").close(element);
    }

    private static void signature(XmlBuilder xml, String id) {
        xml.open("ds:Signature", "Id", "xmlsig-" + SampleInvoiceGenerator.sha384Hex("sig" + id).substring(0, 16))
                .open("ds:SignedInfo")
                .leaf("ds:CanonicalizationMethod", "", "Algorithm", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
                .leaf("ds:SignatureMethod", "", "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
                .close("ds:SignedInfo")
                .leaf("ds:SignatureValue", "U0lOIEZJUk1BOiBldmVudG8gZGUgbXVlc3RyYQ==")
                .close("ds:Signature");
    }

    /** The buyer sends 030 to 033 to the issuer; the issuer sends the 034 to DIAN. */
    private static boolean byIssuer(EventSpec event) {
        return event.code().equals("034");
    }

    private static String senderNit(EventSpec e) {
        return byIssuer(e) ? e.invoice().supplierNit() : e.invoice().customerNit();
    }

    private static String senderCheckDigit(EventSpec e) {
        return byIssuer(e) ? e.invoice().supplierCheckDigit() : e.invoice().customerCheckDigit();
    }

    private static String senderName(EventSpec e) {
        return byIssuer(e) ? e.invoice().supplierName() : e.invoice().customerName();
    }

    private static String receiverNit(EventSpec e) {
        return byIssuer(e) ? DIAN_NIT : e.invoice().supplierNit();
    }

    private static String receiverCheckDigit(EventSpec e) {
        return byIssuer(e) ? "4" : e.invoice().supplierCheckDigit();
    }

    private static String receiverName(EventSpec e) {
        return byIssuer(e) ? DIAN_NAME : e.invoice().supplierName();
    }

    private static String time(EventSpec event) {
        return event.time().format(TIME) + "-05:00";
    }

    private static String description(String code) {
        return switch (code) {
            case "030" -> "Acuse de recibo de Factura Electrónica de Venta";
            case "031" -> "Reclamo de la Factura Electrónica de Venta";
            case "032" -> "Recibo del bien y/o prestación del servicio";
            case "033" -> "Aceptación expresa";
            case "034" -> "Aceptación Tácita";
            default -> "Evento " + code;
        };
    }

    private static String conceptName(String concept) {
        return switch (concept) {
            case "01" -> "Documento con inconsistencias";
            case "02" -> "Mercancía no entregada totalmente";
            case "03" -> "Mercancía no entregada parcialmente";
            case "04" -> "Servicio no prestado";
            default -> null;
        };
    }
}
