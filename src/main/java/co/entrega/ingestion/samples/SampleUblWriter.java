package co.entrega.ingestion.samples;

import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Style;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Style.CustomerNameAt;
import co.entrega.ingestion.ubl.DocumentKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/** Writes the UBL 2.1 XML of a {@link Spec}: the DIAN document itself and the AttachedDocument envelope. */
final class SampleUblWriter {

    static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    static final String EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
    static final String STS = "dian:gov:co:facturaelectronica:Structures-2-1";
    static final String STS_LEGACY = "http://www.dian.gov.co/contratos/facturaelectronica/v1/Structures";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String XADES = "http://uri.etsi.org/01903/v1.3.2#";
    static final String UBL = "urn:oasis:names:specification:ubl:schema:xsd:";

    static final String DIAN_AGENCY = "CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)";
    private static final BigDecimal IVA = new BigDecimal("0.19");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Above this, the document gets two lines instead of one. */
    private static final BigDecimal TWO_LINES_FROM = new BigDecimal("500000");

    private SampleUblWriter() {
    }

    static byte[] invoice(Spec spec) {
        Style style = spec.style();
        Amounts amounts = Amounts.of(spec.payableAmount());
        String root = rootName(spec.kind());
        String rootElement = (style.prefixed() ? "fe:" : "") + root;
        XmlBuilder xml = new XmlBuilder();
        if (style.xmlDeclaration()) {
            xml.raw("<?xml version=\"1.0\" encoding=\"" + style.encoding() + "\" standalone=\"no\"?>\n");
        }
        xml.open(rootElement, style.prefixed() ? "xmlns:fe" : "xmlns", UBL + root + "-2",
                "xmlns:cac", CAC, "xmlns:cbc", CBC, "xmlns:ext", EXT,
                "xmlns:sts", style.legacyDianNamespace() ? STS_LEGACY : STS, "xmlns:ds", DS, "xmlns:xades", XADES,
                "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
        extensions(xml, spec, amounts);
        header(xml, spec, amounts.lines());
        supplier(xml, spec);
        customer(xml, spec);
        xml.open("cac:PaymentMeans")
                .leaf("cbc:ID", "1")
                .leaf("cbc:PaymentMeansCode", "10")
                .leaf("cbc:PaymentDueDate", spec.issueDate() == null ? null : spec.issueDate().plusDays(30))
                .close("cac:PaymentMeans");
        taxTotal(xml, spec.currency(), amounts.base(), amounts.tax());
        String total = spec.kind() == DocumentKind.DEBIT_NOTE ? "cac:RequestedMonetaryTotal" : "cac:LegalMonetaryTotal";
        String cur = spec.currency();
        xml.open(total)
                .leaf("cbc:LineExtensionAmount", money(amounts.base()), "currencyID", cur)
                .leaf("cbc:TaxExclusiveAmount", money(amounts.base()), "currencyID", cur)
                .leaf("cbc:TaxInclusiveAmount", money(amounts.payable()), "currencyID", cur)
                .leaf("cbc:AllowanceTotalAmount", "0.00", "currencyID", cur)
                .leaf("cbc:ChargeTotalAmount", "0.00", "currencyID", cur)
                .leaf("cbc:PayableAmount", spec.payableAmount() == null ? null : money(amounts.payable()),
                        "currencyID", cur)
                .close(total);
        lines(xml, spec, amounts);
        xml.close(rootElement);
        return encode(lineEndings(xml.toString(), style), style.encoding());
    }

    /**
     * The AttachedDocument as DIAN's providers send it: the document as CDATA in the top-level Attachment, and DIAN's
     * ApplicationResponse (the validation receipt) as CDATA deeper down, under ParentDocumentLineReference.
     */
    static byte[] attachedDocument(Spec spec, byte[] documentBytes) {
        Style style = spec.style();
        String document = new String(documentBytes, Charset.forName(style.encoding()));
        String rootElement = (style.prefixed() ? "ad:" : "") + "AttachedDocument";
        XmlBuilder xml = new XmlBuilder();
        if (style.xmlDeclaration()) {
            xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        }
        xml.open(rootElement, style.prefixed() ? "xmlns:ad" : "xmlns", UBL + "AttachedDocument-2",
                "xmlns:cac", CAC, "xmlns:cbc", CBC, "xmlns:ext", EXT, "xmlns:ds", DS, "xmlns:xades", XADES,
                "xmlns:ccts", "urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2");
        xml.open("ext:UBLExtensions").open("ext:UBLExtension").open("ext:ExtensionContent");
        signature(xml, spec);
        xml.close("ext:ExtensionContent").close("ext:UBLExtension").close("ext:UBLExtensions");
        xml.leaf("cbc:UBLVersionID", "UBL 2.1")
                .leaf("cbc:CustomizationID", "Documentos adjuntos")
                .leaf("cbc:ProfileID", "Factura Electrónica de Venta")
                .leaf("cbc:ProfileExecutionID", "2")
                .leaf("cbc:ID", "AD" + (spec.number() == null ? "" : spec.number()))
                .leaf("cbc:IssueDate", spec.issueDate())
                .leaf("cbc:IssueTime", time(spec))
                .leaf("cbc:DocumentType", "Contenedor de Factura Electrónica")
                .leaf("cbc:ParentDocumentID", spec.number());
        envelopeParty(xml, "cac:SenderParty", spec.supplierName(), spec.supplierNit(), spec.supplierCheckDigit());
        envelopeParty(xml, "cac:ReceiverParty", spec.customerName(), spec.customerNit(), spec.customerCheckDigit());
        xml.open("cac:Attachment").open("cac:ExternalReference")
                .leaf("cbc:MimeCode", "text/xml")
                .leaf("cbc:EncodingCode", "UTF-8")
                .cdata("cbc:Description", document)
                .close("cac:ExternalReference").close("cac:Attachment");
        xml.open("cac:ParentDocumentLineReference")
                .leaf("cbc:LineID", "1")
                .open("cac:DocumentReference")
                .leaf("cbc:ID", spec.number())
                .leaf("cbc:UUID", spec.cufe(), "schemeName", uuidScheme(spec.kind()))
                .leaf("cbc:IssueDate", spec.issueDate())
                .leaf("cbc:DocumentType", "ApplicationResponse")
                .open("cac:Attachment").open("cac:ExternalReference")
                .leaf("cbc:MimeCode", "text/xml")
                .leaf("cbc:EncodingCode", "UTF-8")
                .cdata("cbc:Description", applicationResponse(spec))
                .close("cac:ExternalReference").close("cac:Attachment")
                .open("cac:ResultOfVerification")
                .leaf("cbc:ValidatorID", "Unidad Especial Dirección de Impuestos y Aduanas Nacionales")
                .leaf("cbc:ValidationResultCode", "02")
                .leaf("cbc:ValidationDate", spec.issueDate())
                .leaf("cbc:ValidationTime", time(spec))
                .close("cac:ResultOfVerification")
                .close("cac:DocumentReference")
                .close("cac:ParentDocumentLineReference");
        xml.close(rootElement);
        return lineEndings(xml.toString(), style).getBytes(StandardCharsets.UTF_8);
    }

    private static void extensions(XmlBuilder xml, Spec spec, Amounts amounts) {
        xml.open("ext:UBLExtensions").open("ext:UBLExtension").open("ext:ExtensionContent");
        xml.open("sts:DianExtensions");
        if (spec.kind() == DocumentKind.INVOICE) {
            xml.open("sts:InvoiceControl")
                    .leaf("sts:InvoiceAuthorization", "18760000001")
                    .open("sts:AuthorizationPeriod")
                    .leaf("cbc:StartDate", "2026-01-01")
                    .leaf("cbc:EndDate", "2027-12-31")
                    .close("sts:AuthorizationPeriod")
                    .open("sts:AuthorizedInvoices")
                    .leaf("sts:Prefix", "SETP")
                    .leaf("sts:From", "990000000")
                    .leaf("sts:To", "995000000")
                    .close("sts:AuthorizedInvoices")
                    .close("sts:InvoiceControl");
        }
        xml.open("sts:InvoiceSource")
                .leaf("cbc:IdentificationCode", "CO", "listAgencyID", "6",
                        "listAgencyName", "United Nations Economic Commission for Europe",
                        "listSchemeURI", "urn:oasis:names:specification:ubl:codelist:gc:CountryIdentificationCode-2.1")
                .close("sts:InvoiceSource")
                .open("sts:SoftwareProvider")
                .leaf("sts:ProviderID", spec.supplierNit(), "schemeAgencyID", "195", "schemeAgencyName", DIAN_AGENCY,
                        "schemeID", spec.supplierCheckDigit(), "schemeName", "31")
                .leaf("sts:SoftwareID", "56f2ae4e-9812-4fad-9255-08fcfcd5ccb0", "schemeAgencyID", "195",
                        "schemeAgencyName", DIAN_AGENCY)
                .close("sts:SoftwareProvider")
                .leaf("sts:SoftwareSecurityCode", SampleInvoiceGenerator.sha384Hex("software" + spec.number()),
                        "schemeAgencyID", "195", "schemeAgencyName", DIAN_AGENCY)
                .open("sts:AuthorizationProvider")
                .leaf("sts:AuthorizationProviderID", "800197268", "schemeAgencyID", "195",
                        "schemeAgencyName", DIAN_AGENCY, "schemeID", "4", "schemeName", "31")
                .close("sts:AuthorizationProvider")
                .leaf("sts:QRCode", "NumFac: " + spec.number() + "\nFecFac: " + spec.issueDate() + "\nHorFac: "
                        + time(spec) + "\nNitFac: " + spec.supplierNit() + "\nDocAdq: " + spec.customerNit()
                        + "\nValFac: " + money(amounts.base()) + "\nValIva: " + money(amounts.tax())
                        + "\nValOtroIm: 0.00\nValTolFac: " + money(amounts.payable()) + "\nCUFE: " + spec.cufe()
                        + "\nhttps://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=" + spec.cufe());
        xml.close("sts:DianExtensions");
        xml.close("ext:ExtensionContent").close("ext:UBLExtension");
        xml.open("ext:UBLExtension").open("ext:ExtensionContent");
        signature(xml, spec);
        xml.close("ext:ExtensionContent").close("ext:UBLExtension").close("ext:UBLExtensions");
    }

    /** A structurally plausible but empty XAdES signature: samples are not signed, and Entrega does not verify. */
    private static void signature(XmlBuilder xml, Spec spec) {
        xml.open("ds:Signature", "Id", "xmlsig-" + SampleInvoiceGenerator.sha384Hex("sig" + spec.number()).substring(0, 16))
                .open("ds:SignedInfo")
                .leaf("ds:CanonicalizationMethod", "", "Algorithm", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
                .leaf("ds:SignatureMethod", "", "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
                .open("ds:Reference", "URI", "")
                .leaf("ds:DigestMethod", "", "Algorithm", "http://www.w3.org/2001/04/xmlenc#sha256")
                .leaf("ds:DigestValue", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                .close("ds:Reference")
                .close("ds:SignedInfo")
                .leaf("ds:SignatureValue", "U0lOIEZJUk1BOiBkb2N1bWVudG8gZGUgbXVlc3RyYQ==")
                .close("ds:Signature");
    }

    private static void header(XmlBuilder xml, Spec spec, int lineCount) {
        DocumentKind kind = spec.kind();
        xml.leaf("cbc:UBLVersionID", "UBL 2.1")
                .leaf("cbc:CustomizationID", kind == DocumentKind.INVOICE ? "10" : "20")
                .leaf("cbc:ProfileID", profile(kind))
                .leaf("cbc:ProfileExecutionID", "2")
                .leaf("cbc:ID", spec.number())
                .leaf("cbc:UUID", spec.cufe(), "schemeID", "2", "schemeName", uuidScheme(kind))
                .leaf("cbc:IssueDate", spec.issueDate())
                .leaf("cbc:IssueTime", time(spec));
        switch (kind) {
            case INVOICE -> xml.leaf("cbc:DueDate", spec.issueDate() == null ? null : spec.issueDate().plusDays(30))
                    .leaf("cbc:InvoiceTypeCode", spec.typeCode());
            case CREDIT_NOTE -> xml.leaf("cbc:CreditNoteTypeCode", spec.typeCode());
            case DEBIT_NOTE -> {
                // UBL 2.1 DebitNote has no type code element; 92 is implied.
            }
        }
        xml.leaf("cbc:Note", "Documento de muestra generado por Entrega; no tiene validez fiscal.")
                .leaf("cbc:DocumentCurrencyCode", spec.currency(), "listAgencyID", "6",
                        "listAgencyName", "United Nations Economic Commission for Europe", "listID", "ISO 4217 Alpha")
                .leaf("cbc:LineCountNumeric", lineCount);
        if (kind != DocumentKind.INVOICE) {
            boolean credit = kind == DocumentKind.CREDIT_NOTE;
            xml.open("cac:DiscrepancyResponse")
                    .leaf("cbc:ReferenceID", spec.referencedNumber())
                    .leaf("cbc:ResponseCode", credit ? "2" : "4")
                    .leaf("cbc:Description", credit ? "Anulación de factura electrónica" : "Otros: ajuste de valor")
                    .close("cac:DiscrepancyResponse");
            if (spec.referencedNumber() != null || spec.referencedCufe() != null) {
                xml.open("cac:BillingReference").open("cac:InvoiceDocumentReference")
                        .leaf("cbc:ID", spec.referencedNumber())
                        .leaf("cbc:UUID", spec.referencedCufe(), "schemeName", "CUFE-SHA384")
                        .close("cac:InvoiceDocumentReference").close("cac:BillingReference");
            }
        }
    }

    private static void supplier(XmlBuilder xml, Spec spec) {
        String[] id = companyId(spec.supplierCheckDigit());
        xml.open("cac:AccountingSupplierParty")
                .leaf("cbc:AdditionalAccountID", "1")
                .open("cac:Party")
                .open("cac:PartyName").leaf("cbc:Name", spec.supplierName()).close("cac:PartyName");
        address(xml, "cac:PhysicalLocation", "11001", "Bogotá, D.C.", "Bogotá", "11", "Carrera 7 # 71-21 Oficina 502");
        xml.open("cac:PartyTaxScheme")
                .leaf("cbc:RegistrationName", spec.supplierName())
                .leaf("cbc:CompanyID", spec.supplierNit(), id)
                .leaf("cbc:TaxLevelCode", "O-13;O-15", "listName", "48");
        taxScheme(xml, "01", "IVA");
        xml.close("cac:PartyTaxScheme")
                .open("cac:PartyLegalEntity")
                .leaf("cbc:RegistrationName", spec.supplierName())
                .leaf("cbc:CompanyID", spec.supplierNit(), id)
                .open("cac:CorporateRegistrationScheme").leaf("cbc:ID", "SETP").close("cac:CorporateRegistrationScheme")
                .close("cac:PartyLegalEntity")
                .open("cac:Contact")
                .leaf("cbc:Telephone", "6017435000")
                .leaf("cbc:ElectronicMail", "facturacion@intertec.example.co")
                .close("cac:Contact")
                .close("cac:Party")
                .close("cac:AccountingSupplierParty");
    }

    private static void customer(XmlBuilder xml, Spec spec) {
        CustomerNameAt at = spec.style().customerNameAt();
        boolean person = spec.customerCheckDigit() == null;
        String[] id = person ? new String[] {"schemeName", "13"} : companyId(spec.customerCheckDigit());
        xml.open("cac:AccountingCustomerParty")
                .leaf("cbc:AdditionalAccountID", person ? "2" : "1")
                .open("cac:Party");
        if (spec.customerNit() != null) {
            xml.open("cac:PartyIdentification")
                    .leaf("cbc:ID", spec.customerNit(), "schemeID", spec.customerCheckDigit(), "schemeName", person ? "13" : "31")
                    .close("cac:PartyIdentification");
        }
        if (at == CustomerNameAt.PARTY_NAME) {
            xml.open("cac:PartyName").leaf("cbc:Name", spec.customerName()).close("cac:PartyName");
        }
        address(xml, "cac:PhysicalLocation", "05001", "Medellín", "Antioquia", "05", "Calle 10 Sur # 48-20");
        xml.open("cac:PartyTaxScheme")
                .leaf("cbc:RegistrationName", at == CustomerNameAt.PARTY_TAX_SCHEME ? spec.customerName() : null)
                .leaf("cbc:CompanyID", spec.customerNit(), id)
                .leaf("cbc:TaxLevelCode", "R-99-PN", "listName", "49");
        taxScheme(xml, "ZZ", "No aplica");
        xml.close("cac:PartyTaxScheme")
                .open("cac:PartyLegalEntity")
                .leaf("cbc:RegistrationName", at == CustomerNameAt.PARTY_LEGAL_ENTITY ? spec.customerName() : null)
                .leaf("cbc:CompanyID", spec.customerNit(), id)
                .close("cac:PartyLegalEntity");
        if (spec.customerEmailsRaw() != null) {
            xml.open("cac:Contact").leaf("cbc:ElectronicMail", spec.customerEmailsRaw()).close("cac:Contact");
        }
        xml.close("cac:Party").close("cac:AccountingCustomerParty");
    }

    private static void lines(XmlBuilder xml, Spec spec, Amounts amounts) {
        String line = switch (spec.kind()) {
            case INVOICE -> "Invoice";
            case CREDIT_NOTE -> "CreditNote";
            case DEBIT_NOTE -> "DebitNote";
        };
        String quantity = switch (spec.kind()) {
            case INVOICE -> "cbc:InvoicedQuantity";
            case CREDIT_NOTE -> "cbc:CreditedQuantity";
            case DEBIT_NOTE -> "cbc:DebitedQuantity";
        };
        String[] items = {"Servicio de soporte técnico mensual", "Licencia anual de software de facturación electrónica"};
        String cur = spec.currency();
        for (int i = 0; i < amounts.lines(); i++) {
            BigDecimal base = i == 0 ? amounts.firstLineBase() : amounts.base().subtract(amounts.firstLineBase());
            BigDecimal tax = i == 0 ? amounts.firstLineTax() : amounts.tax().subtract(amounts.firstLineTax());
            xml.open("cac:" + line + "Line")
                    .leaf("cbc:ID", i + 1)
                    .leaf(quantity, "1.00", "unitCode", "94")
                    .leaf("cbc:LineExtensionAmount", money(base), "currencyID", cur);
            taxTotal(xml, cur, base, tax);
            xml.open("cac:Item")
                    .leaf("cbc:Description", items[i])
                    .open("cac:StandardItemIdentification")
                    .leaf("cbc:ID", "SRV-00" + (i + 1), "schemeID", "999")
                    .close("cac:StandardItemIdentification")
                    .close("cac:Item")
                    .open("cac:Price")
                    .leaf("cbc:PriceAmount", money(base), "currencyID", cur)
                    .leaf("cbc:BaseQuantity", "1.00", "unitCode", "94")
                    .close("cac:Price")
                    .close("cac:" + line + "Line");
        }
    }

    private static void taxTotal(XmlBuilder xml, String currency, BigDecimal base, BigDecimal tax) {
        xml.open("cac:TaxTotal")
                .leaf("cbc:TaxAmount", money(tax), "currencyID", currency)
                .open("cac:TaxSubtotal")
                .leaf("cbc:TaxableAmount", money(base), "currencyID", currency)
                .leaf("cbc:TaxAmount", money(tax), "currencyID", currency)
                .open("cac:TaxCategory")
                .leaf("cbc:Percent", "19.00");
        taxScheme(xml, "01", "IVA");
        xml.close("cac:TaxCategory").close("cac:TaxSubtotal").close("cac:TaxTotal");
    }

    static void taxScheme(XmlBuilder xml, String id, String name) {
        xml.open("cac:TaxScheme").leaf("cbc:ID", id).leaf("cbc:Name", name).close("cac:TaxScheme");
    }

    private static void address(XmlBuilder xml, String element, String cityCode, String city, String department,
                                String departmentCode, String line) {
        xml.open(element).open("cac:Address")
                .leaf("cbc:ID", cityCode)
                .leaf("cbc:CityName", city)
                .leaf("cbc:CountrySubentity", department)
                .leaf("cbc:CountrySubentityCode", departmentCode)
                .open("cac:AddressLine").leaf("cbc:Line", line).close("cac:AddressLine")
                .open("cac:Country")
                .leaf("cbc:IdentificationCode", "CO")
                .leaf("cbc:Name", "Colombia", "languageID", "es")
                .close("cac:Country")
                .close("cac:Address").close(element);
    }

    private static void envelopeParty(XmlBuilder xml, String element, String name, String nit, String checkDigit) {
        xml.open(element).open("cac:PartyTaxScheme")
                .leaf("cbc:RegistrationName", name)
                .leaf("cbc:CompanyID", nit, checkDigit == null ? new String[] {"schemeName", "13"} : companyId(checkDigit))
                .leaf("cbc:TaxLevelCode", "O-13", "listName", "48");
        taxScheme(xml, "01", "IVA");
        xml.close("cac:PartyTaxScheme").close(element);
    }

    /** DIAN's receipt, itself a UBL document: if the reader ever took it for the invoice, it would reject the file. */
    private static String applicationResponse(Spec spec) {
        XmlBuilder xml = new XmlBuilder();
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        xml.open("ApplicationResponse", "xmlns", UBL + "ApplicationResponse-2", "xmlns:cac", CAC, "xmlns:cbc", CBC)
                .leaf("cbc:UBLVersionID", "UBL 2.1")
                .leaf("cbc:CustomizationID", "1")
                .leaf("cbc:ProfileID", "DIAN 2.1")
                .leaf("cbc:ID", "AR" + spec.number())
                .leaf("cbc:UUID", SampleInvoiceGenerator.sha384Hex("ar" + spec.cufe()), "schemeName", "CUDE-SHA384")
                .leaf("cbc:IssueDate", spec.issueDate())
                .leaf("cbc:IssueTime", time(spec))
                .open("cac:SenderParty").open("cac:PartyTaxScheme")
                .leaf("cbc:RegistrationName", "Unidad Especial Dirección de Impuestos y Aduanas Nacionales")
                .leaf("cbc:CompanyID", "800197268", "schemeID", "4", "schemeName", "31")
                .close("cac:PartyTaxScheme").close("cac:SenderParty")
                .open("cac:DocumentResponse")
                .open("cac:Response")
                .leaf("cbc:ResponseCode", "02")
                .leaf("cbc:Description", "Documento validado por la DIAN")
                .close("cac:Response")
                .open("cac:DocumentReference")
                .leaf("cbc:ID", spec.number())
                .leaf("cbc:UUID", spec.cufe(), "schemeName", uuidScheme(spec.kind()))
                .close("cac:DocumentReference")
                .close("cac:DocumentResponse")
                .close("ApplicationResponse");
        return xml.toString();
    }

    static String[] companyId(String checkDigit) {
        return new String[] {"schemeAgencyID", "195", "schemeAgencyName", DIAN_AGENCY, "schemeID", checkDigit,
                "schemeName", "31"};
    }

    private static String rootName(DocumentKind kind) {
        return switch (kind) {
            case INVOICE -> "Invoice";
            case CREDIT_NOTE -> "CreditNote";
            case DEBIT_NOTE -> "DebitNote";
        };
    }

    private static String profile(DocumentKind kind) {
        return switch (kind) {
            case INVOICE -> "DIAN 2.1: Factura Electrónica de Venta";
            case CREDIT_NOTE -> "DIAN 2.1: Nota Crédito de Factura Electrónica de Venta";
            case DEBIT_NOTE -> "DIAN 2.1: Nota Débito de Factura Electrónica de Venta";
        };
    }

    private static String uuidScheme(DocumentKind kind) {
        return kind == DocumentKind.INVOICE ? "CUFE-SHA384" : "CUDE-SHA384";
    }

    private static String time(Spec spec) {
        return spec.issueTime() == null ? null : spec.issueTime().format(TIME) + "-05:00";
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String lineEndings(String xml, Style style) {
        return style.crlf() ? xml.replace("\n", "\r\n") : xml;
    }

    /**
     * The text in the style's charset. Characters the charset cannot hold become character references, which is
     * valid anywhere this writer puts text (the invoice itself has no CDATA).
     */
    private static byte[] encode(String xml, String encoding) {
        Charset charset = Charset.forName(encoding);
        CharsetEncoder encoder = charset.newEncoder();
        StringBuilder safe = new StringBuilder(xml.length());
        xml.codePoints().forEach(cp -> {
            String ch = Character.toString(cp);
            if (encoder.canEncode(ch)) {
                safe.append(ch);
            } else {
                safe.append("&#").append(cp).append(';');
            }
        });
        return safe.toString().getBytes(charset);
    }

    /** Base, 19 % IVA and payable, split so that base + tax equals the payable amount to the cent. */
    private record Amounts(BigDecimal payable, BigDecimal base, BigDecimal tax, int lines, BigDecimal firstLineBase,
                           BigDecimal firstLineTax) {

        static Amounts of(BigDecimal payableOrNull) {
            BigDecimal payable = (payableOrNull == null ? BigDecimal.ZERO : payableOrNull).setScale(2, RoundingMode.HALF_UP);
            BigDecimal base = payable.divide(BigDecimal.ONE.add(IVA), 2, RoundingMode.HALF_UP);
            BigDecimal tax = payable.subtract(base);
            int lines = payable.compareTo(TWO_LINES_FROM) >= 0 ? 2 : 1;
            BigDecimal firstBase = lines == 1 ? base : base.multiply(new BigDecimal("0.6")).setScale(2, RoundingMode.HALF_UP);
            BigDecimal firstTax = lines == 1 ? tax : firstBase.multiply(IVA).setScale(2, RoundingMode.HALF_UP);
            return new Amounts(payable, base, tax, lines, firstBase, firstTax);
        }
    }
}
