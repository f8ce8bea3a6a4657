package co.entrega.ingestion.ubl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over the business content of a document, as a canonical "key=value" text. Only parsed values go in, never
 * bytes, so line endings, encoding, prefixes, whitespace and AttachedDocument wrapping do not change it; a different
 * amount, customer or line count does. Used to tell a harmless re-delivery from a conflicting one with the same CUFE.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(UblDocument doc, List<String> otherTotals, int lineCount) {
        List<String> emails = new ArrayList<>(doc.customerEmails());
        emails.sort(null);
        StringBuilder canonical = new StringBuilder();
        line(canonical, "kind", doc.kind().name());
        line(canonical, "typeCode", doc.typeCode());
        line(canonical, "number", doc.number());
        line(canonical, "cufe", doc.cufe());
        line(canonical, "issueDate", doc.issueDate());
        line(canonical, "issueTime", doc.issueTime());
        line(canonical, "supplierNit", doc.supplier().nit());
        line(canonical, "customerNit", doc.customer().nit());
        // displayName: the legal name, else the trade name, so moving the name between UBL elements is not a change.
        line(canonical, "customerName", doc.customer().displayName());
        line(canonical, "emails", String.join(",", emails));
        line(canonical, "payable", doc.payableAmount().stripTrailingZeros().toPlainString());
        line(canonical, "currency", doc.currency());
        line(canonical, "referencedNumber", doc.referencedNumber());
        line(canonical, "referencedCufe", doc.referencedCufe());
        line(canonical, "totals", String.join(";", otherTotals));
        line(canonical, "lines", lineCount);
        return sha256Hex(canonical.toString());
    }

    private static void line(StringBuilder canonical, String key, Object value) {
        canonical.append(key).append('=').append(value == null ? "" : value).append('\n');
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
