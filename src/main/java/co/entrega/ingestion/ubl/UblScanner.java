package co.entrega.ingestion.ubl;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Walks a UBL document once with StAX, keeping only the elements on interesting paths below the root.
 *
 * <p>Only cbc/cac elements are followed. Anything else (ext:UBLExtensions with the DIAN sts:DianExtensions in either
 * namespace version, ds:Signature, vendor additions) is skipped as a subtree without looking at its namespace, so a
 * new DIAN extension version cannot break ingestion and nothing inside an extension can be mistaken for a field.
 */
final class UblScanner {

    private static final Set<String> LINES = Set.of("cac:InvoiceLine", "cac:CreditNoteLine", "cac:DebitNoteLine");

    private UblScanner() {
    }

    /**
     * Reads the whole document (so trailing garbage is still reported as malformed).
     *
     * @param interesting chooses, once the root is known, which element paths to capture
     */
    static ScannedXml scan(XMLStreamReader reader, Function<RootKind, Predicate<String>> interesting)
            throws XMLStreamException, UblRejectedException {
        ScannedXml scanned = startRoot(reader);
        Predicate<String> wanted = interesting.apply(scanned.rootKind());
        // The path of the current element below the root; lengths[] lets END_ELEMENT cut it back in O(1).
        StringBuilder path = new StringBuilder();
        int[] lengths = new int[64];
        int depth = 0;
        StringBuilder text = null;
        Map<String, String> attributes = null;
        int captureDepth = -1;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String segment = segment(reader.getNamespaceURI(), reader.getLocalName());
                    if (segment == null || (depth == 0 && LINES.contains(segment))) {
                        if (segment != null) {
                            scanned.countLine(); // Lines are counted, never read: they can be thousands.
                        }
                        skipSubtree(reader);
                        continue;
                    }
                    if (depth == lengths.length) {
                        lengths = Arrays.copyOf(lengths, depth * 2);
                    }
                    lengths[depth++] = path.length();
                    if (path.length() > 0) {
                        path.append('/');
                    }
                    path.append(segment);
                    if (captureDepth < 0 && wanted.test(path.toString())) {
                        captureDepth = depth;
                        text = new StringBuilder();
                        attributes = attributes(reader);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (text != null) {
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw undeclaredEntity(reader);
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == 0) {
                        break; // The root's end tag; keep reading to END_DOCUMENT to catch trailing garbage.
                    }
                    if (depth == captureDepth) {
                        scanned.add(path.toString(), new ScannedXml.Value(text.toString(), attributes));
                        captureDepth = -1;
                        text = null;
                        attributes = null;
                    }
                    path.setLength(lengths[--depth]);
                }
                default -> {
                    // Comments, processing instructions, END_DOCUMENT: nothing to keep.
                }
            }
        }
        return scanned;
    }

    /** Advances to the root element, refusing any DOCTYPE on the way, and identifies the document. */
    private static ScannedXml startRoot(XMLStreamReader reader) throws XMLStreamException, UblRejectedException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD) {
                // Never legitimate in DIAN UBL; refusing it outright closes XXE and entity expansion for good.
                throw new UblRejectedException("DOCTYPE_FORBIDDEN", "El XML contiene una declaración DOCTYPE, no"
                        + " permitida (posible ataque XXE o de expansión de entidades)");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
                RootKind kind = RootKind.of(namespace, reader.getLocalName());
                if (kind == null) {
                    String name = namespace.isEmpty() ? reader.getLocalName() : "{" + namespace + "}" + reader.getLocalName();
                    throw new UblRejectedException("NOT_UBL",
                            "El XML no es un documento UBL 2.1 de DIAN (elemento raíz '" + name + "')");
                }
                return new ScannedXml(kind);
            }
        }
        throw new XMLStreamException("Premature end of file.", reader.getLocation());
    }

    /** "cbc:Name" / "cac:Name" for UBL components, null for anything else (which the caller skips). */
    private static String segment(String namespace, String localName) {
        if (UblNamespaces.CBC.equals(namespace)) {
            return "cbc:" + localName;
        }
        if (UblNamespaces.CAC.equals(namespace)) {
            return "cac:" + localName;
        }
        return null;
    }

    private static void skipSubtree(XMLStreamReader reader) throws XMLStreamException, UblRejectedException {
        int open = 1;
        while (open > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                open++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                open--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw undeclaredEntity(reader);
            }
        }
    }

    private static Map<String, String> attributes(XMLStreamReader reader) {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String namespace = reader.getAttributeNamespace(i);
            if (namespace == null || namespace.isEmpty()) {
                attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
            }
        }
        return attributes;
    }

    /**
     * With DTDs refused no entity can be declared, so any reference other than the five predefined ones (which the
     * parser always replaces) is a well-formedness error; the parser only reports it as an event because entity
     * replacement is switched off.
     */
    private static UblRejectedException undeclaredEntity(XMLStreamReader reader) {
        return new UblRejectedException("MALFORMED_XML", "XML mal formado en la línea "
                + reader.getLocation().getLineNumber() + ", columna " + reader.getLocation().getColumnNumber()
                + ": referencia a la entidad '&" + reader.getLocalName() + ";' no declarada");
    }
}
