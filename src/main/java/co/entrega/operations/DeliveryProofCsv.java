package co.entrega.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

import co.entrega.evidence.BuyerEvents;
import co.entrega.evidence.RecordedEvent;
import co.entrega.ingestion.Invoices;
import co.entrega.notification.DeliveryProofs;
import co.entrega.notification.DeliveryProofs.DeliveryProof;

/**
 * The constancias of a period as CSV, one row per invoice email the relay accepted, written as they are read (see
 * {@link DeliveryProofs#eachSent}), with its bounce and the buyer's latest event on the invoice (one look-up per page). Separated by {@code ;} and preceded by a UTF-8 BOM, as Excel in a Spanish locale
 * opens a file without asking; a text that would start a formula ({@code = + - @}) is prefixed with {@code '}, since
 * buyer names and relay replies come from outside (OWASP's CSV injection advice).
 */
@Component
class DeliveryProofCsv {

    static final String[] HEADER = {"Correo", "Estado", "Número", "Tipo", "CUFE/CUDE", "Fecha de emisión",
        "NIT del comprador", "Comprador", "Enviado a", "Aceptado (hora de Colombia)", "Respuesta del servidor",
        "Message-ID", "Adjunto", "Tamaño del adjunto (bytes)", "SHA-256 del ZIP", "SHA-256 del XML",
        "SHA-256 del PDF", "Nota del adjunto", "Advertencia", "Rebote (hora de Colombia)", "Motivo del rebote",
        "Último evento del comprador", "Fecha del evento"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader(HEADER).get();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Pattern FORMULA = Pattern.compile("^[=+\\-@\\t\\r].*", Pattern.DOTALL);

    private final DeliveryProofs proofs;
    private final BuyerEvents events;

    DeliveryProofCsv(DeliveryProofs proofs, BuyerEvents events) {
        this.proofs = proofs;
        this.events = events;
    }

    void write(Instant from, Instant until, Writer out) throws IOException {
        out.write('\uFEFF');
        CSVPrinter csv = new CSVPrinter(out, FORMAT);
        try {
            proofs.eachSent(from, until, page -> {
                Map<Long, RecordedEvent> latest = events.latestOf(page.stream().map(DeliveryProof::invoice)
                        .filter(Objects::nonNull).map(Invoices.Identity::id).toList());
                try {
                    for (DeliveryProof proof : page) {
                        csv.printRecord(row(proof, proof.invoice() == null ? null : latest.get(proof.invoice().id())));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    private static Object[] row(DeliveryProof p, RecordedEvent event) {
        Invoices.Identity i = p.invoice();
        return new Object[] {p.mailId(), p.status().name(),
            text(i == null ? null : i.number()), i == null ? null : kind(i.kind()), text(i == null ? null : i.cufe()),
            i == null ? null : i.issueDate(), text(i == null ? null : i.buyerNit()),
            text(i == null ? null : i.buyerName()), text(p.deliveredTo()), time(p.sentAt()), text(p.relayReply()),
            text(p.messageId()), text(p.attachmentName()), p.attachmentSize(), p.attachmentSha256(), p.xmlSha256(),
            p.pdfSha256(), text(p.attachmentNote()), i == null ? null : i.deliveryWarning(), time(p.bouncedAt()),
            p.bounceReason() == null ? null : text((p.earlierCopyBounced() ? "(envío anterior) " : "") + p.bounceReason()),
            event == null ? null : event.label(), event == null ? null : event.issueDate()};
    }

    private static String kind(String kind) {
        return switch (kind) {
            case "CREDIT_NOTE" -> "nota crédito";
            case "DEBIT_NOTE" -> "nota débito";
            default -> "factura electrónica de venta";
        };
    }

    /** In the issuer's zone, with its offset: a spreadsheet reads it, and nobody has to guess the zone. */
    private static String time(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(DashboardPage.ISSUER_ZONE).toOffsetDateTime().format(TIME);
    }

    static String text(String value) {
        return value != null && FORMULA.matcher(value).matches() ? "'" + value : value;
    }
}
