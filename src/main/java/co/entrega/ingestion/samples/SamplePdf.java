package co.entrega.ingestion.samples;

import co.entrega.ingestion.samples.SampleInvoiceGenerator.Spec;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A one-page PDF 1.4 written object by object. No PDF library is needed for this little, and writing it by hand
 * keeps the bytes deterministic. The text uses the standard Helvetica font with WinAnsiEncoding, so Spanish
 * accents are written as windows-1252 bytes; since that charset is one byte per character, the xref byte offsets
 * are simply string positions.
 */
final class SamplePdf {

    private static final Charset WIN_ANSI = Charset.forName("windows-1252");

    private SamplePdf() {
    }

    static byte[] of(Spec spec) {
        String content = content(spec);
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>"
                        + " /Contents 6 0 R >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Title (" + escape(title(spec) + " " + spec.number()) + ") /Producer (Entrega) >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append('\n').append("0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset)); // Exactly 20 bytes per entry.
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R /Info 7 0 R >>\n")
                .append("startxref\n").append(xref).append("\n%%EOF");
        return pdf.toString().getBytes(WIN_ANSI);
    }

    private static String content(Spec spec) {
        List<String> lines = new ArrayList<>();
        lines.add("NIT " + spec.supplierNit() + (spec.supplierCheckDigit() == null ? "" : "-" + spec.supplierCheckDigit()));
        lines.add("No. " + spec.number() + "    Fecha: " + spec.issueDate()
                + (spec.issueTime() == null ? "" : " " + spec.issueTime()));
        lines.add("");
        lines.add("Adquiriente: " + spec.customerName());
        lines.add("Identificación: " + spec.customerNit()
                + (spec.customerCheckDigit() == null ? "" : "-" + spec.customerCheckDigit()));
        lines.add("");
        lines.add("Total a pagar: " + spec.currency() + " " + pesos(spec.payableAmount()));
        if (spec.referencedNumber() != null) {
            lines.add("Factura referenciada: " + spec.referencedNumber());
        }
        String cufe = spec.cufe() == null ? "" : spec.cufe();
        lines.add("CUFE/CUDE: " + cufe.substring(0, Math.min(48, cufe.length())));
        if (cufe.length() > 48) {
            lines.add(cufe.substring(48));
        }
        StringBuilder text = new StringBuilder("BT\n/F2 16 Tf\n72 720 Td\n(")
                .append(escape(spec.supplierName())).append(") Tj\n0 -22 Td\n(")
                .append(escape(title(spec))).append(") Tj\n/F1 11 Tf\n");
        for (String line : lines) {
            text.append("0 -16 Td\n(").append(escape(line)).append(") Tj\n");
        }
        return text.append("ET").toString();
    }

    private static String title(Spec spec) {
        return switch (spec.kind()) {
            case INVOICE -> "Factura electrónica de venta";
            case CREDIT_NOTE -> "Nota crédito electrónica";
            case DEBIT_NOTE -> "Nota débito electrónica";
        };
    }

    /** Colombian style: $ 1.190.000,00. */
    private static String pesos(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setGroupingSeparator('.');
        symbols.setDecimalSeparator(',');
        return "$ " + new DecimalFormat("#,##0.00", symbols).format(amount);
    }

    /** PDF literal strings: backslash, parentheses escaped; anything outside windows-1252 becomes '?'. */
    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || !WIN_ANSI.newEncoder().canEncode(c)) {
                escaped.append('?');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
