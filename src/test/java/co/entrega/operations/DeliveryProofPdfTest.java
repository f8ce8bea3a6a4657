package co.entrega.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.utility.DeepUnwrap;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import co.entrega.evidence.RecordedEvent;
import co.entrega.ingestion.BuyerEventCode;
import co.entrega.ingestion.ClaimConcept;
import co.entrega.ingestion.Invoices;
import co.entrega.notification.DeliveryProofs.DeliveryProof;
import co.entrega.notification.OutboxStatus;

/**
 * The constancia's PDF from the real template (templates/ops/constancia-pdf.ftlh), without a Spring context: Spanish
 * text survives in the embedded font, values from outside stay text, and the renderer fetches nothing.
 */
class DeliveryProofPdfTest {

    private static final String ZIP_SHA = "a".repeat(64);
    private static final String XML_SHA = "0123456789abcdef".repeat(4);
    private static final String PDF_SHA = "fedcba9876543210".repeat(4);

    @Test
    void spanishTextAndEveryRecordedFactAreInThePdfInAnEmbeddedFont() throws Exception {
        String buyer = "Panadería Ñandú & Cía. <img src=\"file:///etc/passwd\"/> ¿Sí? áéíóú";
        byte[] pdf = render(new DeliveryProofPdf(freemarker(Path.of("templates"))), proof(buyer, null));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Constancia de entrega").contains("Fecha de emisión")
                    .contains(buyer) // the markup is text, not an element
                    .contains("compras@panaderia.co").contains("250 2.0.0 Ok: queued as 4ZxY7Q")
                    .contains("<entrega.invoice.42@intertec.co>").contains("z0900123456000260000002a.zip")
                    .contains(ZIP_SHA).contains(XML_SHA).contains(PDF_SHA)
                    .contains("SETP990000042").contains("cufe" + "9".repeat(60))
                    .contains(Invoices.WITHOUT_ATTACHED_DOCUMENT);
            List<PDFont> fonts = fonts(document);
            assertThat(fonts).isNotEmpty().allSatisfy(font -> {
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                assertThat(font.getName()).contains("LiberationSans");
            });
            assertThat(images(document)).as("images in the constancia").isZero();
        }
    }

    @Test
    void aLinkToTheNetworkOrAFileInTheTemplateIsNeverFetched(@TempDir Path templates) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            // A real image on disk: read, it would be drawn in the PDF as an image.
            Path secret = templates.resolve("secret.png");
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", secret.toFile());
            // A template gone wrong (or markup that slipped past the escaping): every kind of reference to outside.
            Files.createDirectories(templates.resolve("ops"));
            Files.writeString(templates.resolve(DeliveryProofPdf.TEMPLATE), """
                    <html xmlns="http://www.w3.org/1999/xhtml"><head>
                    <link rel="stylesheet" href="%1$s/style.css"/>
                    <style>@import url("%1$s/imported.css"); @font-face { font-family: x; src: url("%1$s/f.ttf"); }</style>
                    </head><body style="font-family: x">
                    <img src="%1$s/image.png"/><img src="%2$s"/>
                    <object data="%1$s/object.pdf" type="application/pdf"></object>
                    <p>Constancia ${proof.mailId?c}</p></body></html>""".formatted(base, secret.toUri()));

            byte[] pdf = render(new DeliveryProofPdf(freemarker(templates)), proof("Cliente", null));

            try (PDDocument document = Loader.loadPDF(pdf)) {
                assertThat(new PDFTextStripper().getText(document)).contains("Constancia 42");
                assertThat(images(document)).as("images read from a file or the network").isZero();
            }
            assertThat(requests).as("requests reaching the network").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDocumentDeliveredWithTheLinkOnlySaysWhy() throws Exception {
        String note = "Sin adjunto: el ZIP pesa 2,1 MB (2.100.000 bytes), más que el límite de 2 MB de DIAN;"
                + " el correo lleva el enlace";
        byte[] pdf = render(new DeliveryProofPdf(freemarker(Path.of("templates"))), proof("Cliente", note));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains(note).contains("ninguno: el correo llevó el enlace al documento")
                    .doesNotContain(ZIP_SHA).contains(XML_SHA);
        }
    }

    @Test
    void aBounceAndTheBuyersEventsAreInTheConstancia() throws Exception {
        DeliveryProof sent = proof("Cliente", null);
        DeliveryProof bounced = new DeliveryProof(sent.mailId(), OutboxStatus.BOUNCED, sent.deliveredTo(),
                sent.sentAt(), sent.relayReply(), sent.messageId(), sent.subject(), sent.attachmentName(),
                sent.attachmentSize(), sent.attachmentSha256(), sent.xmlSha256(), sent.pdfSha256(), null,
                sent.sentAt().plusMinutes(3), "550 5.1.1 <compras@panaderia.co>: Recipient address rejected",
                sent.invoice());
        RecordedEvent claim = new RecordedEvent(1, 7, BuyerEventCode.CLAIM, ClaimConcept.SERVICE_NOT_RENDERED,
                null, "EV-31", "cude" + "3".repeat(60), LocalDate.of(2026, 11, 16), null, "811222333", "Cliente",
                9, sent.sentAt().plusDays(3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DeliveryProofPdf(freemarker(Path.of("templates"))).write(bounced, List.of(claim), out);

        try (PDDocument document = Loader.loadPDF(out.toByteArray())) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("el correo rebotó el")
                    .contains("550 5.1.1 <compras@panaderia.co>: Recipient address rejected")
                    .contains("Evento 031 (reclamo: servicio no prestado) — EV-31 del 2026-11-16, de NIT 811222333");
        }
        byte[] none = render(new DeliveryProofPdf(freemarker(Path.of("templates"))), sent);
        try (PDDocument document = Loader.loadPDF(none)) {
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " "))
                    .contains("Rebote ninguno registrado").contains("Eventos del comprador (RADIAN) ninguno recibido");
        }
    }

    private static DeliveryProof proof(String buyer, String note) {
        Invoices.Identity invoice = new Invoices.Identity(7, "SETP990000042", "cufe" + "9".repeat(60), "INVOICE",
                LocalDate.of(2026, 11, 13), "811222333", buyer, false);
        boolean attached = note == null;
        return new DeliveryProof(42, OutboxStatus.SENT, "compras@panaderia.co",
                OffsetDateTime.of(2026, 11, 13, 20, 15, 0, 0, ZoneOffset.UTC), "250 2.0.0 Ok: queued as 4ZxY7Q",
                "<entrega.invoice.42@intertec.co>", "900123456;Intertec S.A.S.;SETP990000042;01;Intertec S.A.S.",
                attached ? "z0900123456000260000002a.zip" : null, attached ? 5120L : null, attached ? ZIP_SHA : null,
                XML_SHA, PDF_SHA, note, null, null, invoice);
    }

    private static byte[] render(DeliveryProofPdf renderer, DeliveryProof proof) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.write(proof, List.of(), out);
        return out.toByteArray();
    }

    /** As Spring Boot configures the console's FreeMarker (config/application.yaml, ConsoleValues). */
    private static Configuration freemarker(Path templates) throws Exception {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setDirectoryForTemplateLoading(templates.toFile());
        configuration.setDefaultEncoding("UTF-8");
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        configuration.setSharedVariable("issuerName", "Intertec S.A.S.");
        configuration.setSharedVariable("shown", (TemplateMethodModelEx) arguments ->
                ConsoleValues.text(DeepUnwrap.unwrap((TemplateModel) arguments.get(0))));
        return configuration;
    }

    private static int images(PDDocument document) throws IOException {
        int images = 0;
        for (PDPage page : document.getPages()) {
            for (COSName name : page.getResources().getXObjectNames()) {
                if (page.getResources().isImageXObject(name)) {
                    images++;
                }
            }
        }
        return images;
    }

    private static List<PDFont> fonts(PDDocument document) throws IOException {
        List<PDFont> fonts = new ArrayList<>();
        for (PDPage page : document.getPages()) {
            PDResources resources = page.getResources();
            for (COSName name : resources.getFontNames()) {
                fonts.add(resources.getFont(name));
            }
        }
        return fonts;
    }
}
