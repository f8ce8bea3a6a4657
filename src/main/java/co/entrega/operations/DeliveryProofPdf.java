package co.entrega.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.view.freemarker.FreeMarkerConfig;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import co.entrega.evidence.RecordedEvent;
import co.entrega.notification.DeliveryProofs.DeliveryProof;

/**
 * The constancia de entrega as a PDF: {@code templates/ops/constancia-pdf.ftlh} (XHTML, every value escaped by
 * FreeMarker) laid out by openhtmltopdf on PDFBox.
 * <p>
 * Nothing in it is fetched: the XHTML is parsed here with DTDs and external entities refused, and openhtmltopdf is
 * denied every external resource (network, files, fonts, images), before and after resolving a URI, so a value that
 * slipped markup past the escaping still could not make the renderer read anything. The one font is embedded from the
 * class path: Liberation Sans, which PDFBox ships (SIL Open Font License) and which covers Spanish (á, é, ñ, ¿), where
 * the PDF base-14 fonts would leave characters out.
 */
@Component
class DeliveryProofPdf {

    static final String TEMPLATE = "ops/constancia-pdf.ftlh";
    static final String FONT_FAMILY = "Liberation Sans";
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    static {
        XRLog.setLoggerImpl(new Slf4jXRLogger());
    }

    private final Configuration freemarker;

    @Autowired
    DeliveryProofPdf(FreeMarkerConfig freemarker) {
        this(freemarker.getConfiguration());
    }

    DeliveryProofPdf(Configuration freemarker) {
        this.freemarker = freemarker;
    }

    /** The constancia of this delivery, with the buyer's events on its invoice (in the order they happened). */
    void write(DeliveryProof proof, List<RecordedEvent> events, OutputStream out) throws IOException {
        PdfRendererBuilder pdf = new PdfRendererBuilder();
        pdf.withW3cDocument(xhtml(proof, events), null);
        pdf.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        pdf.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        pdf.useUriResolver((base, uri) -> null);
        // Registered for bold too, so that a heading never falls back to a base-14 font without the accents.
        for (int weight : new int[] {400, 700}) {
            pdf.useFont(DeliveryProofPdf::font, FONT_FAMILY, weight, BaseRendererBuilder.FontStyle.NORMAL, true);
        }
        pdf.withProducer("Entrega");
        pdf.toStream(out);
        pdf.run();
    }

    private static InputStream font() {
        InputStream font = DeliveryProofPdf.class.getResourceAsStream(FONT);
        if (font == null) {
            throw new IllegalStateException("PDFBox's " + FONT + " is not on the class path");
        }
        return font;
    }

    private Document xhtml(DeliveryProof proof, List<RecordedEvent> events) throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("proof", proof);
        model.put("events", events);
        model.put("generatedAt", OffsetDateTime.now(ZoneOffset.UTC));
        model.put("fontFamily", FONT_FAMILY);
        StringWriter xhtml = new StringWriter();
        try {
            freemarker.getTemplate(TEMPLATE).process(model, xhtml);
            return parser().parse(new InputSource(new StringReader(xhtml.toString())));
        } catch (TemplateException | SAXException e) {
            throw new IOException("cannot render the constancia of email " + proof.mailId() + ": " + e.getMessage(), e);
        }
    }

    /** A DOM parser for our own XHTML that reads nothing else: no DOCTYPE, no external entity, no XInclude. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the platform's XML parser cannot be hardened", e);
        }
    }

    /**
     * openhtmltopdf's log through SLF4J, as the rest of the service's: left alone, it prints its own lines to standard
     * error. Its INFO lines (timings, fonts loaded) are DEBUG here.
     */
    private static final class Slf4jXRLogger implements XRLogger {

        @Override
        public void log(String where, Level level, String message) {
            log(where, level, message, null);
        }

        @Override
        public void log(String where, Level level, String message, Throwable failure) {
            Logger logger = LoggerFactory.getLogger(where);
            if (level.intValue() >= Level.SEVERE.intValue()) {
                logger.error(message, failure);
            } else if (level.intValue() >= Level.WARNING.intValue()) {
                logger.warn(message, failure);
            } else {
                logger.debug(message, failure);
            }
        }

        @Override
        public void setLevel(String logger, Level level) {
        }

        @Override
        public boolean isLogLevelEnabled(Diagnostic diagnostic) {
            Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
            int level = diagnostic.getLevel().intValue();
            return level >= Level.WARNING.intValue() ? logger.isWarnEnabled() : logger.isDebugEnabled();
        }
    }
}
