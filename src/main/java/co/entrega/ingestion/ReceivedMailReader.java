package co.entrega.ingestion;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import co.entrega.storage.DocumentStore;
import co.entrega.storage.DocumentTooLargeException;

/**
 * Tells what a message from the reception mailbox is, in this order: a delivery report (RFC 3464
 * {@code multipart/report; report-type=delivery-status}, or a bounce in the older text formats of qmail, Exim and
 * the like), a read receipt (RFC 8098), a message with documents (XML or ZIP attachments: the buyers' events), an
 * automatic reply (RFC 3834), or none of these. Documents come before automatic replies because a buyer's
 * e-invoicing system marks the events it sends {@code Auto-Submitted: auto-generated} too.
 */
final class ReceivedMailReader {

    /** A delivery-status part or a header block larger than this is not a report: nothing legitimate is. */
    private static final int MAX_REPORT_PART = 256 * 1024;
    /** The text of a bounce read for its addresses and codes. */
    private static final int MAX_BOUNCE_TEXT = 256 * 1024;
    private static final Pattern MESSAGE_ID_LINE = Pattern.compile("(?im)^\\s*>?\\s*Message-ID:\\s*(<[^>\\s]+>)");
    private static final Pattern ANGLE_ID = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern SMTP_REPLY = Pattern.compile("\\b[45]\\d\\d[ -][^\\r\\n]+");
    private static final Pattern BOUNCE_SENDER = Pattern.compile("(?i)^(mailer-daemon|postmaster|mail-daemon)@.*");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile("(?i).*(undeliver|undelivered mail|delivery status"
            + " notification \\(failure\\)|mail delivery (failed|failure|system)|failure notice|returned mail"
            + "|delivery failure|no se puede entregar|no entregado|error de entrega|non remis|unzustellbar).*");
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile("(?i)^\\s*(respuesta autom[aá]tica|automatic"
            + " reply|auto(matic)?[- ]?reply|auto:|out of (the )?office|fuera de (la )?oficina|ausente|vacation"
            + "|vacaciones|r[ée]ponse automatique)\\b.*");

    private final DocumentStore store;
    private final long maxAttachment;
    private final Session session = Session.getInstance(new Properties());

    ReceivedMailReader(DocumentStore store, long maxAttachment) {
        this.store = store;
        this.maxAttachment = maxAttachment;
    }

    ReceivedMail read(InputStream raw) throws IOException {
        try {
            MimeMessage message = new MimeMessage(session, raw);
            String from = firstAddress(message);
            String subject = decoded(message.getSubject());
            OffsetDateTime date = instant(message.getSentDate());
            String messageId = message.getMessageID();
            List<String> replyIds = replyIds(message);
            if (message.isMimeType("multipart/report")) {
                String reportType = parameter(message.getContentType(), "report-type");
                if ("delivery-status".equalsIgnoreCase(reportType) || reportType == null) {
                    return deliveryReport(message, messageId, from, subject, date, replyIds);
                }
                if ("disposition-notification".equalsIgnoreCase(reportType)) {
                    return readReceipt(message, messageId, from, subject, date, replyIds);
                }
            }
            if (looksLikeBounce(message, from, subject)) {
                return textBounce(message, messageId, from, subject, date, replyIds);
            }
            List<ReceivedMail.Attachment> attachments = new ArrayList<>();
            List<String> ignored = new ArrayList<>();
            collectAttachments(message, attachments, ignored);
            if (!attachments.isEmpty()) {
                return new ReceivedMail(ReceivedMail.Kind.DOCUMENTS, messageId, from, subject, date, List.of(),
                        replyIds, attachments, ignored, null);
            }
            ReceivedMail.Kind kind = isAutoReply(message, subject) ? ReceivedMail.Kind.AUTO_REPLY
                    : ReceivedMail.Kind.NOT_UNDERSTOOD;
            return new ReceivedMail(kind, messageId, from, subject, date, List.of(), replyIds, List.of(), ignored,
                    null);
        } catch (MessagingException unreadable) {
            return new ReceivedMail(ReceivedMail.Kind.NOT_UNDERSTOOD, null, null, "", null, List.of(), List.of(),
                    List.of(), List.of(), "no es un mensaje de correo legible: " + unreadable.getMessage());
        }
    }

    private ReceivedMail deliveryReport(MimeMessage message, String messageId, String from, String subject,
                                        OffsetDateTime date, List<String> replyIds)
            throws MessagingException, IOException {
        Object content = message.getContent();
        if (!(content instanceof Multipart report)) {
            return malformed(messageId, from, subject, date, replyIds, "el multipart/report no tiene partes");
        }
        List<ReceivedMail.Recipient> recipients = new ArrayList<>();
        Set<String> quoted = new LinkedHashSet<>();
        OffsetDateTime arrival = null;
        boolean statusPart = false;
        List<Part> parts = new ArrayList<>();
        flatten(report, parts);
        for (Part part : parts) {
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                statusPart = true;
                List<InternetHeaders> blocks = headerBlocks(part);
                if (blocks.isEmpty()) {
                    continue;
                }
                arrival = instant(blocks.get(0).getHeader("Arrival-Date", null));
                for (InternetHeaders block : blocks.subList(1, blocks.size())) {
                    ReceivedMail.Recipient recipient = recipient(block);
                    if (recipient != null) {
                        recipients.add(recipient);
                    }
                }
            } else if (part.isMimeType("message/rfc822") || part.isMimeType("message/global")
                    || part.isMimeType("text/rfc822-headers") || part.isMimeType("message/global-headers")) {
                InternetHeaders original = new InternetHeaders(bounded(part.getInputStream(), MAX_REPORT_PART));
                String id = original.getHeader("Message-ID", null);
                if (id != null) {
                    quoted.add(id.trim());
                }
            }
        }
        if (!statusPart) {
            return malformed(messageId, from, subject, date, replyIds,
                    "el multipart/report no trae la parte message/delivery-status");
        }
        if (recipients.isEmpty()) {
            return malformed(messageId, from, subject, date, replyIds,
                    "la parte message/delivery-status no nombra ningún destinatario (Final-Recipient) con su Action");
        }
        quoted.addAll(idsInText(message, messageId));
        quoted.addAll(replyIds);
        return new ReceivedMail(ReceivedMail.Kind.DELIVERY_REPORT, messageId, from, subject,
                arrival != null ? arrival : date, recipients, List.copyOf(quoted), List.of(), List.of(), null);
    }

    private ReceivedMail readReceipt(MimeMessage message, String messageId, String from, String subject,
                                     OffsetDateTime date, List<String> replyIds)
            throws MessagingException, IOException {
        Set<String> quoted = new LinkedHashSet<>();
        List<Part> parts = new ArrayList<>();
        if (message.getContent() instanceof Multipart report) {
            flatten(report, parts);
        }
        for (Part part : parts) {
            if (part.isMimeType("message/disposition-notification")) {
                for (InternetHeaders block : headerBlocks(part)) {
                    String original = block.getHeader("Original-Message-ID", null);
                    if (original != null) {
                        quoted.add(original.trim());
                    }
                }
            }
        }
        quoted.addAll(replyIds);
        return new ReceivedMail(ReceivedMail.Kind.READ_RECEIPT, messageId, from, subject, date, List.of(),
                List.copyOf(quoted), List.of(), List.of(), null);
    }

    /**
     * A bounce without a machine-readable report: the failed addresses from {@code X-Failed-Recipients} (Exim), else
     * the addresses its text names other than the sender's; the status and the remote reply from its text; the
     * returned message's Message-ID from the headers it quotes.
     */
    private ReceivedMail textBounce(MimeMessage message, String messageId, String from, String subject,
                                    OffsetDateTime date, List<String> replyIds)
            throws MessagingException, IOException {
        String text = text(message);
        Set<String> addresses = new LinkedHashSet<>();
        String failedHeader = message.getHeader("X-Failed-Recipients", ",");
        if (failedHeader != null) {
            for (String address : failedHeader.split("[,\\s]+")) {
                if (ADDRESS.matcher(address).matches()) {
                    addresses.add(address.toLowerCase(Locale.ROOT));
                }
            }
        }
        // The part of the text before the returned message's headers: that is where the failures are listed.
        Matcher returned = Pattern.compile("(?im)^\\s*(Received|Return-Path|Message-ID|From|Date):").matcher(text);
        String failures = returned.find() ? text.substring(0, returned.start()) : text;
        if (addresses.isEmpty()) {
            Matcher address = ADDRESS.matcher(failures);
            while (address.find()) {
                String found = address.group().toLowerCase(Locale.ROOT);
                if (!found.equalsIgnoreCase(from) && !BOUNCE_SENDER.matcher(found).matches()) {
                    addresses.add(found);
                }
            }
        }
        Matcher statusMatch = ENHANCED_STATUS.matcher(failures);
        String status = statusMatch.find() ? statusMatch.group(1) : null;
        Matcher reply = SMTP_REPLY.matcher(failures);
        String diagnostic = reply.find() ? reply.group().strip() : firstLines(failures);
        boolean permanent = status == null ? !diagnostic.startsWith("4") : status.startsWith("5");
        List<ReceivedMail.Recipient> recipients = addresses.stream()
                .map(address -> new ReceivedMail.Recipient(address, permanent ? "failed" : "delayed", status,
                        diagnostic))
                .toList();
        if (recipients.isEmpty()) {
            return malformed(messageId, from, subject, date, replyIds,
                    "parece un aviso de no entrega pero no nombra el destinatario que falló");
        }
        Set<String> quoted = new LinkedHashSet<>(idsInText(message, messageId));
        quoted.addAll(replyIds);
        return new ReceivedMail(ReceivedMail.Kind.DELIVERY_REPORT, messageId, from, subject, date, recipients,
                List.copyOf(quoted), List.of(), List.of(), null);
    }

    private static ReceivedMail malformed(String messageId, String from, String subject, OffsetDateTime date,
                                          List<String> replyIds, String problem) {
        return new ReceivedMail(ReceivedMail.Kind.MALFORMED_REPORT, messageId, from, subject, date, List.of(),
                replyIds, List.of(), List.of(), problem);
    }

    private static ReceivedMail.Recipient recipient(InternetHeaders block) {
        String address = typedValue(block.getHeader("Final-Recipient", null));
        if (address == null) {
            address = typedValue(block.getHeader("Original-Recipient", null));
        }
        String action = block.getHeader("Action", null);
        if (address == null || action == null) {
            return null;
        }
        String status = block.getHeader("Status", null);
        Matcher code = status == null ? null : ENHANCED_STATUS.matcher(status);
        String diagnostic = typedValue(block.getHeader("Diagnostic-Code", null));
        if (diagnostic == null) {
            diagnostic = status == null ? action.trim() : status.trim();
        }
        return new ReceivedMail.Recipient(address.toLowerCase(Locale.ROOT).replaceAll("^<|>$", ""),
                action.trim().toLowerCase(Locale.ROOT), code != null && code.find() ? code.group(1) : null,
                unfold(diagnostic));
    }

    /** "rfc822; user@example.co" → "user@example.co"; "smtp; 550 ..." → "550 ...". */
    private static String typedValue(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        String value = (semicolon >= 0 ? field.substring(semicolon + 1) : field).trim();
        return value.isEmpty() ? null : value;
    }

    private static String unfold(String value) {
        return value.replaceAll("\\s*\\r?\\n\\s*", " ").trim();
    }

    /** A delivery-status or disposition part: groups of header fields separated by blank lines (RFC 3464 §2.1). */
    private static List<InternetHeaders> headerBlocks(Part part) throws IOException, MessagingException {
        byte[] bytes = bounded(part.getInputStream(), MAX_REPORT_PART).readAllBytes();
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<InternetHeaders> blocks = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            if (block.isBlank()) {
                continue;
            }
            InternetHeaders headers = new InternetHeaders(
                    new ByteArrayInputStream((block.strip() + "\n\n").getBytes(StandardCharsets.UTF_8)));
            if (headers.getAllHeaders().hasMoreElements()) {
                blocks.add(headers);
            }
        }
        return blocks;
    }

    private static InputStream bounded(InputStream in, int max) throws IOException {
        return new ByteArrayInputStream(in.readNBytes(max));
    }

    private static void flatten(Multipart multipart, List<Part> into) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart nested) {
                flatten(nested, into);
            } else {
                into.add(part);
            }
        }
    }

    private static boolean looksLikeBounce(MimeMessage message, String from, String subject)
            throws MessagingException {
        if (message.getHeader("X-Failed-Recipients") != null) {
            return true;
        }
        boolean daemon = from != null && BOUNCE_SENDER.matcher(from).matches();
        return daemon && BOUNCE_SUBJECT.matcher(subject).matches()
                || daemon && message.getHeader("Auto-Submitted") != null
                || BOUNCE_SUBJECT.matcher(subject).matches() && message.getHeader("Auto-Submitted") != null;
    }

    private static boolean isAutoReply(MimeMessage message, String subject) throws MessagingException {
        String autoSubmitted = message.getHeader("Auto-Submitted", null);
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        if (message.getHeader("X-Autoreply") != null || message.getHeader("X-Autorespond") != null
                || message.getHeader("X-Autoresponder") != null) {
            return true;
        }
        String precedence = message.getHeader("Precedence", null);
        if (precedence != null && precedence.trim().equalsIgnoreCase("auto_reply")) {
            return true;
        }
        return AUTO_REPLY_SUBJECT.matcher(subject).matches();
    }

    private void collectAttachments(Part part, List<ReceivedMail.Attachment> attachments, List<String> ignored)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    collectAttachments(multipart.getBodyPart(i), attachments, ignored);
                }
            }
            return;
        }
        String name = fileName(part);
        boolean document = isDocument(part, name);
        if (!document) {
            if (name != null && !name.isBlank()) {
                ignored.add(name);
            }
            return;
        }
        if (name == null || name.isBlank()) {
            name = part.isMimeType("application/zip") || part.isMimeType("application/x-zip-compressed")
                    ? "adjunto.zip" : "adjunto.xml";
        }
        try (InputStream in = part.getInputStream()) {
            attachments.add(new ReceivedMail.Attachment(name, store.put(in, maxAttachment)));
        } catch (DocumentTooLargeException tooLarge) {
            ignored.add(name + " (supera " + maxAttachment + " bytes)");
        }
    }

    private static boolean isDocument(Part part, String name) throws MessagingException {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xml") || lower.endsWith(".zip")) {
            return true;
        }
        boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || name != null;
        return attached && (part.isMimeType("application/xml") || part.isMimeType("text/xml")
                || part.isMimeType("application/zip") || part.isMimeType("application/x-zip-compressed"));
    }

    /** The attachment's name, decoded (RFC 2047 or 2231); only ever a label, never a path. */
    private static String fileName(Part part) throws MessagingException {
        String name = part.getFileName();
        if (name == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(name).replace('\\', '/').replaceAll(".*/", "");
        } catch (java.io.UnsupportedEncodingException e) {
            return name;
        }
    }

    /** Message-IDs quoted in the text (a returned message's headers), other than the message's own. */
    private static List<String> idsInText(Message message, String own) throws MessagingException, IOException {
        String text = text(message);
        Set<String> ids = new LinkedHashSet<>();
        Matcher line = MESSAGE_ID_LINE.matcher(text);
        while (line.find()) {
            ids.add(line.group(1));
        }
        if (own != null) {
            ids.remove(own.trim());
        }
        return List.copyOf(ids);
    }

    /** The message's text parts (and any returned message's headers), at most MAX_BOUNCE_TEXT characters. */
    private static String text(Part part) throws MessagingException, IOException {
        StringBuilder text = new StringBuilder();
        appendText(part, text);
        return text.length() > MAX_BOUNCE_TEXT ? text.substring(0, MAX_BOUNCE_TEXT) : text.toString();
    }

    private static void appendText(Part part, StringBuilder text) throws MessagingException, IOException {
        if (text.length() >= MAX_BOUNCE_TEXT) {
            return;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                appendText(multipart.getBodyPart(i), text);
            }
        } else if (part.isMimeType("text/plain") || part.isMimeType("text/rfc822-headers")
                || part.isMimeType("message/rfc822") || part.isMimeType("message/delivery-status")) {
            byte[] bytes = part.getInputStream().readNBytes(MAX_BOUNCE_TEXT - text.length());
            String charset = parameter(part.getContentType(), "charset");
            text.append(new String(bytes, charsetOr(charset))).append('\n');
        }
    }

    private static java.nio.charset.Charset charsetOr(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(MimeUtility.javaCharset(name));
        } catch (RuntimeException unknown) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private static List<String> replyIds(MimeMessage message) throws MessagingException {
        Set<String> ids = new LinkedHashSet<>();
        for (String header : new String[] {"In-Reply-To", "References"}) {
            String value = message.getHeader(header, " ");
            if (value != null) {
                Matcher id = ANGLE_ID.matcher(value);
                while (id.find()) {
                    ids.add(id.group());
                }
            }
        }
        return List.copyOf(ids);
    }

    private static String firstAddress(MimeMessage message) {
        try {
            var from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address
                    && address.getAddress() != null) {
                return address.getAddress().toLowerCase(Locale.ROOT);
            }
        } catch (MessagingException unparsable) {
            // a From that does not parse: the message is still read
        }
        return null;
    }

    private static String parameter(String contentType, String name) {
        try {
            return new ContentType(contentType).getParameter(name);
        } catch (Exception unparsable) {
            return null;
        }
    }

    private static String decoded(String subject) {
        return subject == null ? "" : subject.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

    private static String firstLines(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 299) + "…" : flat;
    }

    private static OffsetDateTime instant(Date date) {
        return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime instant(String rfc822Date) {
        if (rfc822Date == null) {
            return null;
        }
        try {
            return instant(new MailDateFormat().parse(rfc822Date.trim()));
        } catch (java.text.ParseException unparsable) {
            return null;
        }
    }
}
