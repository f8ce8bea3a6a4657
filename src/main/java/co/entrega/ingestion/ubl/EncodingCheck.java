package co.entrega.ingestion.ubl;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches files whose bytes do not match the encoding they declare, before the parser sees them.
 *
 * <p>Both lies are common with ERP exports: a file saved in ISO-8859-1 that declares (or defaults to) UTF-8 breaks
 * the parser with an obscure byte error, and a UTF-8 file that declares ISO-8859-1 parses "fine" but turns
 * "Panadería" into "PanaderÃ­a" in every e-mail sent to the customer. The second case can only be caught with a
 * heuristic: real Latin-1 Spanish text practically never forms valid multi-byte UTF-8 sequences.
 */
final class EncodingCheck {

    private static final Pattern ENCODING_ATTRIBUTE =
            Pattern.compile("encoding\\s*=\\s*([\"'])([A-Za-z][A-Za-z0-9._:-]*)\\1");
    private static final Set<String> SINGLE_BYTE = Set.of("ISO-8859-1", "ISO-8859-15", "windows-1252", "US-ASCII");
    private static final int MAX_DECLARATION_BYTES = 512;

    private EncodingCheck() {
    }

    static void check(byte[] xml) throws UblRejectedException {
        if (looksLikeUtf16Or32(xml)) {
            return; // The parser detects these from the BOM or the first bytes; nothing to second-guess.
        }
        String declared = declaredEncoding(xml);
        Utf8Scan scan = Utf8Scan.of(xml);
        Charset charset = charsetOrNull(declared);
        if (declared == null || StandardCharsets.UTF_8.equals(charset)) {
            if (scan.firstInvalid >= 0) {
                int line = lineAt(xml, scan.firstInvalid);
                String what = declared == null
                        ? "El archivo no declara codificación (se asume UTF-8)"
                        : "La declaración dice " + declared;
                throw new UblRejectedException("ENCODING_MISMATCH", what + " pero en la línea " + line
                        + " hay bytes que no son UTF-8 válidos; el archivo parece estar en ISO-8859-1 o windows-1252."
                        + " Corrija la declaración encoding o guarde el archivo en UTF-8");
            }
        } else if (charset != null && SINGLE_BYTE.contains(charset.name())) {
            if (scan.firstInvalid < 0 && scan.firstMultiByte >= 0) {
                throw new UblRejectedException("ENCODING_MISMATCH", "La declaración dice " + declared
                        + " pero el contenido está en UTF-8 (línea " + lineAt(xml, scan.firstMultiByte)
                        + "); los acentos se leerían mal. Corrija la declaración a encoding=\"UTF-8\"");
            }
            if (charset.equals(StandardCharsets.US_ASCII) && scan.firstNonAscii >= 0) {
                throw new UblRejectedException("ENCODING_MISMATCH", "La declaración dice " + declared
                        + " pero en la línea " + lineAt(xml, scan.firstNonAscii)
                        + " hay bytes fuera de ASCII; declare la codificación real del archivo");
            }
        }
    }

    /** The encoding named in the XML declaration, as written, or null when there is no declaration or no encoding. */
    static String declaredEncoding(byte[] xml) {
        int start = hasUtf8Bom(xml) ? 3 : 0;
        int end = Math.min(xml.length, start + MAX_DECLARATION_BYTES);
        String head = new String(xml, start, end - start, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("<?xml") || head.length() < 6 || !Character.isWhitespace(head.charAt(5))) {
            return null;
        }
        int close = head.indexOf("?>");
        if (close < 0) {
            return null; // A broken declaration: the parser will say so with a line and column.
        }
        Matcher m = ENCODING_ATTRIBUTE.matcher(head.substring(0, close));
        return m.find() ? m.group(2) : null;
    }

    static boolean hasUtf8Bom(byte[] xml) {
        return xml.length >= 3 && (xml[0] & 0xFF) == 0xEF && (xml[1] & 0xFF) == 0xBB && (xml[2] & 0xFF) == 0xBF;
    }

    private static boolean looksLikeUtf16Or32(byte[] xml) {
        if (xml.length < 2) {
            return false;
        }
        int b0 = xml[0] & 0xFF;
        int b1 = xml[1] & 0xFF;
        return (b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE) || b0 == 0 || b1 == 0;
    }

    private static Charset charsetOrNull(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknownOrUnsupported) {
            return null; // Let the parser report it.
        }
    }

    private static int lineAt(byte[] xml, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (xml[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** One pass over the bytes: where (if anywhere) strict UTF-8 decoding fails, and where the first non-ASCII is. */
    private static final class Utf8Scan {
        int firstInvalid = -1;
        int firstMultiByte = -1;
        int firstNonAscii = -1;

        static Utf8Scan of(byte[] b) {
            Utf8Scan scan = new Utf8Scan();
            int i = 0;
            while (i < b.length) {
                int c = b[i] & 0xFF;
                if (c < 0x80) {
                    i++;
                    continue;
                }
                if (scan.firstNonAscii < 0) {
                    scan.firstNonAscii = i;
                }
                int length = sequenceLength(b, i);
                if (length < 0) {
                    scan.firstInvalid = i;
                    return scan;
                }
                if (scan.firstMultiByte < 0) {
                    scan.firstMultiByte = i;
                }
                i += length;
            }
            return scan;
        }

        /** The length of the well-formed UTF-8 sequence at i (RFC 3629: no overlongs, no surrogates), or -1. */
        private static int sequenceLength(byte[] b, int i) {
            int c = b[i] & 0xFF;
            int length;
            int min;
            int max = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                length = 3;
                min = c == 0xE0 ? 0xA0 : 0x80;
                max = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                length = 4;
                min = c == 0xF0 ? 0x90 : 0x80;
                max = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return -1;
            }
            if (i + length > b.length) {
                return -1;
            }
            int second = b[i + 1] & 0xFF;
            if (second < min || second > max) {
                return -1;
            }
            for (int k = 2; k < length; k++) {
                int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return -1;
                }
            }
            return length;
        }
    }
}
