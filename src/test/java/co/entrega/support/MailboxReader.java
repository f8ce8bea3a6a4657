package co.entrega.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** Reads what a test mailbox received: the plain-text and HTML parts, and ZIP attachments unpacked. */
public final class MailboxReader {

    public record Mail(String to, String subject, String messageId, String text, String html, String attachmentName,
                Map<String, byte[]> attachment) {
    }

    private MailboxReader() {
    }

    public static List<Mail> read(MimeMessage[] messages) throws MessagingException, IOException {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : messages) {
            Parts parts = new Parts();
            collect(message, parts);
            mails.add(new Mail(message.getHeader("To", ","), message.getSubject(), message.getMessageID(),
                    parts.text, parts.html, parts.attachmentName, parts.attachment));
        }
        return mails;
    }

    private static final class Parts {
        String text;
        String html;
        String attachmentName;
        Map<String, byte[]> attachment = new LinkedHashMap<>();
    }

    private static void collect(Part part, Parts parts) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, parts);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            parts.attachmentName = part.getFileName();
            try (ZipInputStream zip = new ZipInputStream(part.getInputStream())) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    parts.attachment.put(entry.getName(), zip.readAllBytes());
                }
            }
        } else if (part.isMimeType("text/plain")) {
            parts.text = ((String) part.getContent()).replace("\r\n", "\n"); // SMTP sends CRLF
        } else if (part.isMimeType("text/html")) {
            parts.html = ((String) part.getContent()).replace("\r\n", "\n");
        }
    }

    public static byte[] bytes(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
