package co.entrega.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/**
 * For the proof-of-delivery tests: the attachment of a received email as the bytes that travelled, SHA-256 as the
 * service records it, and DIAN-style ZIPs built to measure (a PDF of a chosen size).
 */
public final class DeliveredMail {

    private DeliveredMail() {
    }

    /** The bytes of the email's attachment, decoded from its transfer encoding; empty without one. */
    public static Optional<byte[]> attachment(Part part) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Optional<byte[]> found = attachment(multipart.getBodyPart(i));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            try (InputStream in = part.getInputStream()) {
                return Optional.of(in.readAllBytes());
            }
        }
        return Optional.empty();
    }

    /** A ZIP's entries by name. */
    public static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** A ZIP of these entries, in this order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A PDF of exactly {@code size} bytes: a "%PDF-" header, then seeded random bytes that do not compress, or random
     * hex digits that compress to about half (not more: ingestion takes a ZIP entry that expands 200 times for a bomb),
     * so a test chooses what its ZIP weighs.
     */
    public static byte[] pdf(int size, boolean compressible) {
        byte[] pdf = new byte[size];
        java.util.Random random = new java.util.Random(size);
        random.nextBytes(pdf);
        if (compressible) {
            byte[] hex = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < size; i++) {
                pdf[i] = hex[pdf[i] & 0x0f];
            }
        }
        byte[] header = "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, pdf, 0, header.length);
        return pdf;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
