package co.entrega.operations;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.notification.OutboxAdmin;

/** The mail outbox: filter by status and kind, read a message (secrets masked) and its error, resend FAILED ones. */
@Controller
class MailPages {

    private static final Set<String> STATUSES = Set.of("PENDING", "SENDING", "SENT", "FAILED", "SUPERSEDED");
    private static final Set<String> KINDS = Set.of("ACTIVATION", "PASSWORD", "INVOICE", "PASSWORD_CHANGED",
            "PASSWORD_RESET");
    private static final int PAGE = 50;

    private final OutboxAdmin outbox;
    private final ConsoleActions actions;

    MailPages(OutboxAdmin outbox, ConsoleActions actions) {
        this.outbox = outbox;
        this.actions = actions;
    }

    @GetMapping("/ops/correos")
    String list(@RequestParam(name = "estado", defaultValue = "") String status,
                @RequestParam(name = "tipo", defaultValue = "") String kind,
                @RequestParam(name = "pagina", defaultValue = "1") int page, Model model) {
        String s = STATUSES.contains(status) ? status : "";
        String k = KINDS.contains(kind) ? kind : "";
        int p = Math.max(1, page);
        model.addAttribute("messages", Display.rows(outbox.list(s, k, PAGE, (p - 1) * PAGE)));
        model.addAttribute("total", outbox.count(s, k));
        model.addAttribute("failed", outbox.count("FAILED", ""));
        model.addAttribute("status", s);
        model.addAttribute("kind", k);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (outbox.count(s, k) + PAGE - 1) / PAGE));
        model.addAttribute("statuses", STATUSES.stream().sorted().toList());
        model.addAttribute("kinds", KINDS.stream().sorted().toList());
        return "ops/mails";
    }

    @GetMapping("/ops/correos/{id}")
    String one(@PathVariable long id, Model model) {
        Map<String, Object> message = outbox.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("message", Display.row(message));
        return "ops/mail";
    }

    /** The HTML part as sent (secrets masked), for the frame on the message page; its own headers allow the styles. */
    @GetMapping(value = "/ops/correos/{id}/html", produces = "text/html;charset=UTF-8")
    @org.springframework.web.bind.annotation.ResponseBody
    String html(@PathVariable long id) {
        Map<String, Object> message = outbox.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Object html = message.get("body_html");
        if (html == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return html.toString();
    }

    @PostMapping("/ops/correos/{id}/reenviar")
    String resend(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        if (outbox.resend(id)) {
            actions.record(request, "MAIL_RESEND", "mail", id, "FAILED", "PENDING", null);
            redirect.addFlashAttribute("notice", "El correo " + id + " se enviará de nuevo en unos segundos.");
        } else {
            redirect.addFlashAttribute("notice", "Solo se reenvía un correo FAILED.");
        }
        return "redirect:/ops/correos/" + id;
    }

    @PostMapping("/ops/correos/reenviar-fallidos")
    String resendAll(HttpServletRequest request, RedirectAttributes redirect) {
        int count = outbox.resendAllFailed();
        actions.record(request, "MAIL_RESEND_ALL_FAILED", "mail", null, count + " FAILED", "PENDING", null);
        redirect.addFlashAttribute("notice", count + " correo(s) fallido(s) se enviarán de nuevo.");
        return "redirect:/ops/correos?estado=FAILED";
    }
}
