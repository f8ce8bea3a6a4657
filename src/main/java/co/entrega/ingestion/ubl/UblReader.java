package co.entrega.ingestion.ubl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one DIAN UBL 2.1 Invoice, CreditNote or DebitNote, bare or wrapped in an AttachedDocument, into a
 * {@link UblDocument}, or (with {@link #readContent}) a buyer's RADIAN event, an ApplicationResponse, into a
 * {@link co.entrega.ingestion.BuyerEvent}; anything else ends as a {@link UblRejectedException} with a code and a
 * Spanish message an operator can act on.
 *
 * <p>Files come from outside (ERPs, customers' providers, SFTP drops), so the parser is configured as hostile-input
 * safe: no DTDs (a DOCTYPE is refused outright), no external entities, no entity expansion, a hard size cap. The
 * JDK's own StAX implementation is used on purpose (not whatever is on the class path) so that behaviour is fixed.
 *
 * <p>Thread-safe: the factory is configured once and never changed; each read has its own stream reader.
 */
public final class UblReader {

    private final long maxXmlBytes;
    private final XMLInputFactory factory;

    public UblReader(long maxXmlBytes) {
        if (maxXmlBytes <= 0 || maxXmlBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxXmlBytes must be between 1 and ~2 GB: " + maxXmlBytes);
        }
        this.maxXmlBytes = maxXmlBytes;
        this.factory = hardenedFactory();
    }

    public UblDocument read(InputStream in) throws UblRejectedException {
        return read(in, null);
    }

    /**
     * A document to deliver; an event is rejected (NOT_UBL), as anything else that is not one.
     *
     * @param fileNameForMessages when not null, prefixed to rejection messages ("fv0900123456.xml: Falta ...")
     * @throws UncheckedIOException when the stream itself fails: that is not the document's fault, so not a rejection
     */
    public UblDocument read(InputStream in, String fileNameForMessages) throws UblRejectedException {
        return read(in, fileNameForMessages, false).document();
    }

    /**
     * A document to deliver or a buyer's event, whichever the file (or the AttachedDocument it is) carries.
     *
     * @param fileNameForMessages when not null, prefixed to rejection messages
     * @throws UncheckedIOException when the stream itself fails
     */
    public UblContent readContent(InputStream in, String fileNameForMessages) throws UblRejectedException {
        return read(in, fileNameForMessages, true);
    }

    private UblContent read(InputStream in, String fileNameForMessages, boolean eventsToo) throws UblRejectedException {
        try {
            byte[] xml = readBounded(in);
            EncodingCheck.check(xml);
            ScannedXml scanned = scan(createReader(new ByteArrayInputStream(xml)), "");
            boolean attached = scanned.rootKind() == RootKind.ATTACHED_DOCUMENT;
            if (attached) {
                scanned = unwrap(scanned);
            }
            if (scanned.rootKind() != RootKind.APPLICATION_RESPONSE) {
                return UblContent.of(UblFields.toDocument(scanned, attached));
            }
            if (!eventsToo) {
                throw new UblRejectedException("NOT_UBL", (attached ? "El AttachedDocument trae un evento" : "El XML es un"
                        + " evento") + " (elemento raíz '" + RootKind.APPLICATION_RESPONSE.qualifiedName()
                        + "'), no una factura o nota");
            }
            return UblContent.of(EventFields.toEvent(scanned, attached));
        } catch (UblRejectedException e) {
            if (fileNameForMessages == null) {
                throw e;
            }
            throw new UblRejectedException(e.reasonCode(), fileNameForMessages + ": " + e.getMessage(), e);
        }
    }

    /**
     * The whole file in memory, but never more than the cap: reading one byte past it proves the file too large
     * without reading the rest. Buffering (bounded) lets the encoding check look at the bytes before the parser.
     */
    private byte[] readBounded(InputStream in) throws UblRejectedException {
        byte[] xml;
        try {
            xml = in.readNBytes((int) maxXmlBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the XML stream", e);
        }
        if (xml.length > maxXmlBytes) {
            throw new UblRejectedException("TOO_LARGE", "El XML supera el tamaño máximo de " + maxXmlBytes + " bytes");
        }
        if (isBlank(xml)) {
            throw new UblRejectedException("EMPTY_FILE", "El archivo está vacío");
        }
        return xml;
    }

    /** Parses the invoice carried as text (CDATA or escaped) in the AttachedDocument, with the same rules. */
    private ScannedXml unwrap(ScannedXml attached) throws UblRejectedException {
        String embedded = attached.rawText(UblPaths.ATTACHED_INVOICE);
        if (embedded == null || embedded.isBlank()) {
            throw new UblRejectedException("ATTACHED_EMPTY", "El AttachedDocument no trae la factura en"
                    + " cac:Attachment/cac:ExternalReference/cbc:Description");
        }
        // A BOM or a line break before "<?xml" is common after copy-paste into CDATA and harmless; the parser
        // would reject it, so drop it.
        String text = embedded.strip();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1).strip();
        }
        if (text.length() > maxXmlBytes) {
            throw new UblRejectedException("TOO_LARGE", "La factura dentro del AttachedDocument supera el tamaño"
                    + " máximo de " + maxXmlBytes + " bytes");
        }
        if (!text.startsWith("<")) {
            throw new UblRejectedException("NOT_UBL", "El AttachedDocument trae en cac:Attachment/cac:ExternalReference/"
                    + "cbc:Description un contenido que no es XML");
        }
        // Already characters: the embedded declaration's encoding is irrelevant (and often wrong) and is ignored.
        ScannedXml inner = scan(createReader(new StringReader(text)), "En la factura dentro del AttachedDocument: ");
        if (inner.rootKind() == RootKind.ATTACHED_DOCUMENT) {
            throw new UblRejectedException("NOT_UBL", "El AttachedDocument trae dentro otro AttachedDocument en vez de"
                    + " una factura, una nota (Invoice, CreditNote o DebitNote) o un evento (ApplicationResponse)");
        }
        return inner;
    }

    private ScannedXml scan(XMLStreamReader reader, String context) throws UblRejectedException {
        try {
            return UblScanner.scan(reader, UblPaths::wanted);
        } catch (XMLStreamException e) {
            throw new UblRejectedException("MALFORMED_XML", context + malformedMessage(e), e);
        } catch (UblRejectedException e) {
            throw context.isEmpty() ? e : new UblRejectedException(e.reasonCode(), context + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // Closing an in-memory reader cannot fail in a way that matters.
            }
        }
    }

    /** "XML mal formado en la línea 12, columna 5: ..." with the parser's own explanation, without its "ParseError" header. */
    private static String malformedMessage(XMLStreamException e) {
        String detail = e.getMessage() == null ? "error de sintaxis" : e.getMessage();
        int marker = detail.indexOf("Message: ");
        if (marker >= 0) {
            detail = detail.substring(marker + "Message: ".length());
        }
        detail = detail.strip();
        Location location = e.getLocation();
        if (location == null || location.getLineNumber() < 0) {
            return "XML mal formado: " + detail;
        }
        return "XML mal formado en la línea " + location.getLineNumber() + ", columna " + location.getColumnNumber()
                + ": " + detail;
    }

    private XMLStreamReader createReader(InputStream in) throws UblRejectedException {
        try {
            // StAX does not promise thread-safe factories; creation is cheap, so it is simply serialized.
            synchronized (factory) {
                return factory.createXMLStreamReader(in);
            }
        } catch (XMLStreamException e) {
            throw new UblRejectedException("MALFORMED_XML", malformedMessage(e), e);
        }
    }

    private XMLStreamReader createReader(Reader in) throws UblRejectedException {
        try {
            synchronized (factory) {
                return factory.createXMLStreamReader(in);
            }
        } catch (XMLStreamException e) {
            throw new UblRejectedException("MALFORMED_XML", malformedMessage(e), e);
        }
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        // Belt and braces: should anything still try to resolve a URI, it fails instead of fetching.
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("Resolución de recursos externos deshabilitada: " + systemId);
        });
        return factory;
    }

    private static boolean isBlank(byte[] xml) {
        int start = EncodingCheck.hasUtf8Bom(xml) ? 3 : 0;
        for (int i = start; i < xml.length; i++) {
            byte b = xml[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
