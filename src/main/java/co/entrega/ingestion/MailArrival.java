package co.entrega.ingestion;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides a message from the reception mailbox, in the transaction that records it: a bounce marks the email it
 * returns (through {@link DeliveryReports}), an automatic reply or a read receipt is recorded, each XML or ZIP
 * attachment becomes an inbound file of its own decided like one dropped in the inbox, and anything else is
 * quarantined for an operator to read. The message's own row ends RECORDED or QUARANTINED.
 */
@Component
class MailArrival {

    private static final Logger log = LoggerFactory.getLogger(MailArrival.class);

    /** The source of an attachment's row: {@code correo <the message's inbound file id>}. */
    static final String ATTACHMENT_SOURCE = "correo ";

    private final DeliveryReports reports;
    private final Quarantine quarantine;
    private final InboundFileRepository files;

    MailArrival(DeliveryReports reports, Quarantine quarantine, InboundFileRepository files) {
        this.reports = reports;
        this.quarantine = quarantine;
        this.files = files;
    }

    /**
     * What the message carries, read before its transaction.
     *
     * @param mail        what the message is
     * @param attachments for a message with documents: each attachment, prepared like an inbox file
     */
    record Contents(ReceivedMail mail, List<PreparedFile> attachments) {
    }

    /** @param decide decides one attachment like an inbox file, in this transaction, and returns its row */
    void arrived(InboundFile file, Contents contents, Function<PreparedFile, InboundFile> decide) {
        ReceivedMail mail = contents.mail();
        switch (mail.kind()) {
            case DELIVERY_REPORT -> deliveryReport(file, mail);
            case MALFORMED_REPORT -> quarantine.put(file, "MAIL_MALFORMED_REPORT", "Aviso de entrega ilegible"
                    + describe(mail) + ": " + mail.problem() + ". No se cambió nada.");
            case READ_RECEIPT -> recorded(file, mail, "Confirmación de lectura" + describe(mail));
            case AUTO_REPLY -> recorded(file, mail, "Respuesta automática" + describe(mail) + "; sin acción");
            case DOCUMENTS -> documents(file, contents, decide);
            case TOO_LARGE -> quarantine.put(file, "MAIL_TOO_LARGE", "El correo" + describe(mail) + " "
                    + mail.problem() + ": se guardaron solo sus encabezados y el mensaje sigue en el buzón de"
                    + " recepción");
            default -> quarantine.put(file, "MAIL_NOT_UNDERSTOOD", "El correo" + describe(mail) + " no es un aviso"
                    + " de entrega, una respuesta automática ni trae eventos (XML o ZIP)"
                    + (mail.problem() == null ? "" : " (" + mail.problem() + ")")
                    + ": léalo en el buzón de recepción y descártelo o atiéndalo");
        }
    }

    private void deliveryReport(InboundFile file, ReceivedMail mail) {
        List<ReceivedMail.Recipient> failed = mail.recipients().stream().filter(ReceivedMail.Recipient::failed)
                .toList();
        if (failed.isEmpty()) {
            ReceivedMail.Recipient first = mail.recipients().get(0);
            recorded(file, mail, "Aviso de entrega (" + first.action() + (first.status() == null ? ""
                    : " " + first.status()) + ") para " + addresses(mail.recipients()) + describe(mail)
                    + "; no es un rebote, sin acción");
            return;
        }
        if (mail.quotedIds().isEmpty()) {
            quarantine.put(file, "BOUNCE_WITHOUT_MESSAGE_ID", "Aviso de no entrega para " + addresses(failed)
                    + describe(mail) + " que no cita el Message-ID del correo devuelto: no se sabe cuál es."
                    + " No se cambió nada");
            return;
        }
        OffsetDateTime at = mail.date() != null ? mail.date() : OffsetDateTime.now(ZoneOffset.UTC);
        List<String> details = new ArrayList<>();
        Long invoiceId = null;
        boolean known = false;
        for (ReceivedMail.Recipient recipient : failed) {
            for (String messageId : mail.quotedIds()) {
                DeliveryReports.Outcome outcome = reports.bounced(messageId, recipient.address(), recipient.status(),
                        recipient.diagnostic(), at);
                if (outcome.result() != DeliveryReports.Result.UNKNOWN_MESSAGE) {
                    known = true;
                    details.add(outcome.detail());
                    invoiceId = invoiceId != null ? invoiceId : outcome.invoiceId();
                    break;
                }
            }
        }
        if (!known) {
            quarantine.put(file, "BOUNCE_UNKNOWN_MESSAGE", "Aviso de no entrega para " + addresses(failed)
                    + describe(mail) + " de un correo que Entrega no envió (Message-ID "
                    + String.join(", ", mail.quotedIds()) + "). No se cambió nada");
            return;
        }
        complete(file, invoiceId, String.join("; ", details));
    }

    private void documents(InboundFile file, Contents contents, Function<PreparedFile, InboundFile> decide) {
        List<String> children = new ArrayList<>();
        for (PreparedFile attachment : contents.attachments()) {
            InboundFile child = decide.apply(attachment);
            children.add("'" + attachment.received().originalName() + "' (archivo " + child.id() + ")");
        }
        String ignored = contents.mail().ignored().isEmpty() ? ""
                : "; otros adjuntos no leídos: " + String.join(", ", contents.mail().ignored());
        recorded(file, contents.mail(), "Correo" + describe(contents.mail()) + " con " + children.size()
                + " documento(s): " + String.join(", ", children) + ignored);
    }

    private void recorded(InboundFile file, ReceivedMail mail, String detail) {
        Optional<Long> invoice = Optional.empty();
        for (String id : mail.quotedIds()) {
            invoice = reports.invoiceOf(id);
            if (invoice.isPresent()) {
                break;
            }
        }
        complete(file, invoice.orElse(null), detail);
    }

    private void complete(InboundFile file, Long invoiceId, String detail) {
        files.complete(file.id(), InboundStatus.RECORDED, invoiceId, truncate(detail));
        log.info("Mailbox message '{}' (inbound file {}): {}", file.originalName(), file.id(), detail);
    }

    private static String describe(ReceivedMail mail) {
        StringBuilder text = new StringBuilder();
        if (mail.from() != null) {
            text.append(" de ").append(mail.from());
        }
        if (!mail.subject().isBlank()) {
            text.append(" («").append(mail.subject().length() > 120 ? mail.subject().substring(0, 119) + "…"
                    : mail.subject()).append("»)");
        }
        return text.toString();
    }

    private static String addresses(List<ReceivedMail.Recipient> recipients) {
        return String.join(", ", recipients.stream().map(ReceivedMail.Recipient::address).distinct().toList());
    }

    private static String truncate(String value) {
        return value.length() <= 2000 ? value : value.substring(0, 1999) + "…";
    }
}
