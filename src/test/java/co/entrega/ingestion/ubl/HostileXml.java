package co.entrega.ingestion.ubl;

import co.entrega.ingestion.samples.SampleInvoiceGenerator;
import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Broken and malicious inputs, built on the fly (never copied from real invoices), for any test that feeds files
 * to the ingestion: the reader's own tests, route tests, inbox tests. Each method returns fresh bytes.
 */
public final class HostileXml {

    /** Text that would appear in a rejection message or a field if an XXE ever read /etc/passwd. */
    public static final String PASSWD_MARKER = "root:";

    private static final SampleInvoiceGenerator GENERATOR = new SampleInvoiceGenerator();
    private static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    private static final String CBC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    private HostileXml() {
    }

    /** Classic XXE: an external entity pointing at /etc/passwd, used as the invoice number. */
    public static byte[] xxeFileEntity() {
        return ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE Invoice [\n  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
                + "<Invoice xmlns=\"" + INVOICE_NS + "\" xmlns:cbc=\"" + CBC_NS + "\">\n"
                + "  <cbc:ID>&xxe;</cbc:ID>\n  <cbc:UUID>&xxe;</cbc:UUID>\n</Invoice>\n");
    }

    /** XXE through an external DTD on a (closed) local port: must be refused before any connection is tried. */
    public static byte[] xxeExternalDtd() {
        return ascii("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE Invoice SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
                + "<Invoice xmlns=\"" + INVOICE_NS + "\"/>\n");
    }

    /** "Billion laughs": ten levels of ten-fold entity expansion, about 3 GB if ever expanded. */
    public static byte[] billionLaughs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n  <!ENTITY lol \"lol\">\n");
        for (int level = 1; level <= 10; level++) {
            xml.append("  <!ENTITY lol").append(level).append(" \"");
            String previous = level == 1 ? "lol" : "lol" + (level - 1);
            xml.append(("&" + previous + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<Invoice xmlns=\"").append(INVOICE_NS).append("\">&lol10;</Invoice>\n");
        return ascii(xml.toString());
    }

    public static byte[] empty() {
        return new byte[0];
    }

    /** A BOM and blank lines: what an ERP writes when the export fails half-way. */
    public static byte[] blankWithBom() {
        return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii("\r\n  \r\n"));
    }

    /** A valid invoice cut off in the middle of LegalMonetaryTotal, as a half-uploaded file is. */
    public static byte[] truncated() {
        byte[] xml = invoice(SampleInvoiceGenerator.sample(1));
        String text = new String(xml, StandardCharsets.UTF_8);
        int cut = text.indexOf("<cbc:TaxInclusiveAmount");
        return Arrays.copyOf(xml, text.substring(0, cut).getBytes(StandardCharsets.UTF_8).length);
    }

    public static byte[] html() {
        return ascii("<html><head><title>Factura</title></head><body>Su factura</body></html>");
    }

    /** Well-formed XML in a foreign namespace, with UBL-like element names. */
    public static byte[] foreignOrder() {
        return ascii("<?xml version=\"1.0\"?>\n<Order xmlns=\"urn:foo\"><ID>1</ID><UUID>abc</UUID></Order>");
    }

    /** Declares UTF-8 but the bytes are ISO-8859-1 ("Panadería" with a lone 0xED byte). */
    public static byte[] declaredUtf8ButLatin1() {
        byte[] latin1 = invoice(latin1Spec());
        return replaceAscii(latin1, "encoding=\"ISO-8859-1\"", "encoding=\"UTF-8\"");
    }

    /** No declaration at all (so UTF-8 by the XML rules) but the bytes are ISO-8859-1. */
    public static byte[] undeclaredLatin1() {
        String withDeclaration = new String(invoice(latin1Spec()), StandardCharsets.ISO_8859_1);
        String body = withDeclaration.substring(withDeclaration.indexOf("?>") + 2).stripLeading();
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Declares ISO-8859-1 but the bytes are UTF-8: would silently read "PanaderÃ­a". */
    public static byte[] declaredLatin1ButUtf8() {
        return replaceAscii(invoice(SampleInvoiceGenerator.sample(6)), "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    }

    public static byte[] missingCufe() {
        return invoice(SampleInvoiceGenerator.sample(1).withCufe(null));
    }

    public static byte[] missingCustomerNit() {
        return invoice(SampleInvoiceGenerator.sample(1).withCustomerNit(null));
    }

    public static byte[] missingAmount() {
        return invoice(SampleInvoiceGenerator.sample(1).withPayableAmount(null));
    }

    /** A valid invoice padded with a comment until it is larger than minBytes. */
    public static byte[] oversized(int minBytes) {
        byte[] xml = invoice(SampleInvoiceGenerator.sample(1));
        int padding = Math.max(0, minBytes - xml.length) + 16;
        return concat(xml, ascii("<!--" + "x".repeat(padding) + "-->"));
    }

    /** An entity reference with no DTD to declare it. */
    public static byte[] undeclaredEntity() {
        return replaceAscii(invoice(SampleInvoiceGenerator.sample(1)), "<cbc:ID>SETP990000001</cbc:ID>",
                "<cbc:ID>SETP&nbsp;990000001</cbc:ID>");
    }

    /** An AttachedDocument whose invoice attachment is missing; only DIAN's ApplicationResponse remains. */
    public static byte[] attachedWithoutInvoice() {
        String xml = new String(GENERATOR.attachedDocumentXml(SampleInvoiceGenerator.sample(1)), StandardCharsets.UTF_8);
        int start = xml.indexOf("  <cac:Attachment>");
        int end = xml.indexOf("</cac:Attachment>", start) + "</cac:Attachment>".length();
        return (xml.substring(0, start) + xml.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    /** An AttachedDocument carrying another AttachedDocument instead of an invoice. */
    public static byte[] attachedWithinAttached() {
        Spec spec = SampleInvoiceGenerator.sample(1);
        String inner = new String(GENERATOR.attachedDocumentXml(spec), StandardCharsets.UTF_8);
        String outer = new String(GENERATOR.attachedDocumentXml(spec), StandardCharsets.UTF_8);
        String invoice = new String(GENERATOR.invoiceXml(spec), StandardCharsets.UTF_8);
        // The inner envelope's own CDATA sections cannot nest inside a CDATA: embed it escaped instead.
        String escaped = inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String replaced = outer.replace("<![CDATA[" + invoice + "]]>", escaped);
        if (replaced.equals(outer)) {
            throw new IllegalStateException("The generator no longer embeds the invoice as one CDATA section");
        }
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    /** A spec whose customer name has non-ASCII letters, written in ISO-8859-1. */
    public static Spec latin1Spec() {
        Spec spec = SampleInvoiceGenerator.sample(6); // Panadería La Espiga Ñ S.A.S.
        return spec.withStyle(spec.style().withEncoding("ISO-8859-1"));
    }

    static byte[] invoice(Spec spec) {
        return GENERATOR.invoiceXml(spec);
    }

    static byte[] replaceAscii(byte[] xml, String from, String to) {
        String text = new String(xml, StandardCharsets.ISO_8859_1); // Byte-transparent for ASCII replacements.
        if (!text.contains(from)) {
            throw new IllegalArgumentException("Fixture text not found: " + from);
        }
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
