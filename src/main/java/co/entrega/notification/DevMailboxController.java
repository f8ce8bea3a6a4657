package co.entrega.notification;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /dev/mailbox}: the emails the embedded mail catcher caught, for the demonstration mode only (it does not
 * exist when a real SMTP server is configured). Lists them, shows each as the customer would see it, with working
 * links, and serves its attachments.
 */
@Controller
@ConditionalOnExpression("'${spring.mail.host:}'.isBlank()")
class DevMailboxController {

    private final EmbeddedMailCatcher catcher;

    DevMailboxController(EmbeddedMailCatcher catcher) {
        this.catcher = catcher;
    }

    /** A caught email in the list (public: FreeMarker reads it). */
    public record Summary(int index, Date date, String to, String subject) {
    }

    /** An attachment of the email shown. */
    public record Attachment(int index, String name) {
    }

    @GetMapping("/dev/mailbox")
    String list(Model model) throws MessagingException {
        MimeMessage[] messages = catcher.messages();
        List<Summary> summaries = new ArrayList<>();
        for (int i = messages.length - 1; i >= 0; i--) {
            summaries.add(new Summary(i, messages[i].getSentDate(), messages[i].getHeader("To", ", "),
                    messages[i].getSubject()));
        }
        model.addAttribute("messages", summaries);
        return "dev/mailbox";
    }

    @GetMapping("/dev/mailbox/{index}")
    String show(@PathVariable int index, Model model) throws MessagingException, IOException {
        MimeMessage message = message(index);
        List<Part> attachments = new ArrayList<>();
        Part[] text = new Part[1];
        walk(message, attachments, text, new Part[1]);
        List<Attachment> names = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            names.add(new Attachment(i, String.valueOf(attachments.get(i).getFileName())));
        }
        model.addAttribute("index", index);
        model.addAttribute("subject", message.getSubject());
        model.addAttribute("to", message.getHeader("To", ", "));
        model.addAttribute("from", message.getHeader("From", ", "));
        model.addAttribute("messageId", message.getMessageID());
        model.addAttribute("date", message.getSentDate());
        model.addAttribute("text", text[0] == null ? "" : text[0].getContent().toString());
        model.addAttribute("attachments", names);
        return "dev/message";
    }

    /** The HTML part, shown in a sandboxed frame by the message page. */
    @GetMapping(value = "/dev/mailbox/{index}/html", produces = "text/html;charset=UTF-8")
    void html(@PathVariable int index, HttpServletResponse response) throws MessagingException, IOException {
        Part[] html = new Part[1];
        walk(message(index), new ArrayList<>(), new Part[1], html);
        response.setHeader("Content-Security-Policy", "sandbox allow-popups allow-top-navigation-by-user-activation");
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(html[0] == null ? "" : html[0].getContent().toString());
    }

    @GetMapping("/dev/mailbox/{index}/attachments/{n}")
    void attachment(@PathVariable int index, @PathVariable int n, HttpServletResponse response)
            throws MessagingException, IOException {
        List<Part> attachments = new ArrayList<>();
        walk(message(index), attachments, new Part[1], new Part[1]);
        if (n < 0 || n >= attachments.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Part part = attachments.get(n);
        response.setContentType(part.getContentType().split(";")[0]);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(part.getFileName()).build().toString());
        try (InputStream in = part.getInputStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    private MimeMessage message(int index) {
        MimeMessage[] messages = catcher.messages();
        if (index < 0 || index >= messages.length) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return messages[index];
    }

    private static void walk(Part part, List<Part> attachments, Part[] text, Part[] html)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, attachments, text, html);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            attachments.add(part);
        } else if (part.isMimeType("text/plain") && text[0] == null) {
            text[0] = part;
        } else if (part.isMimeType("text/html") && html[0] == null) {
            html[0] = part;
        }
    }
}
