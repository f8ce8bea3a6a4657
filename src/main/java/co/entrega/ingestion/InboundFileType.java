package co.entrega.ingestion;

import java.util.Locale;

/** What a dropped file is, by its name first and, when the name says nothing useful, by its first bytes. */
public enum InboundFileType {
    ZIP, XML, PDF, CSV,
    /** A message from the reception mailbox, as received (RFC 5322), named {@code *.eml}. */
    EMAIL,
    UNKNOWN;

    static InboundFileType detect(String fileName, byte[] head) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return ZIP;
        }
        if (name.endsWith(".xml")) {
            return XML;
        }
        if (name.endsWith(".pdf")) {
            return PDF;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".eml")) {
            return EMAIL;
        }
        return sniff(head);
    }

    /** Used for ZIP entries and for files without a telling extension. */
    static InboundFileType sniff(byte[] head) {
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return ZIP;
        }
        if (startsWith(head, "%PDF-".getBytes())) {
            return PDF;
        }
        int i = startsWith(head, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) ? 3 : 0;
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i < head.length && head[i] == '<') {
            return XML;
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
