package co.entrega.operations;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.evidence.BuyerEvents;
import co.entrega.notification.DeliveryProofs;
import co.entrega.notification.MailKind;
import co.entrega.notification.OutboxAdmin;
import co.entrega.notification.OutboxStatus;

/**
 * The mail outbox: filter by status and kind, read a message (secrets masked), its error and, for an invoice email, its
 * constancia de entrega; resend FAILED and BOUNCED ones.
 */
@Controller
class MailPages {

    private static final int PAGE = 50;

    private final OutboxAdmin outbox;
    private final DeliveryProofs proofs;
    private final BuyerEvents events;
    private final ConsoleActions actions;

    MailPages(OutboxAdmin outbox, DeliveryProofs proofs, BuyerEvents events, ConsoleActions actions) {
        this.outbox = outbox;
        this.proofs = proofs;
        this.events = events;
        this.actions = actions;
    }

    @GetMapping("/ops/correos")
    String list(@RequestParam(name = "estado", defaultValue = "") String status,
                @RequestParam(name = "tipo", defaultValue = "") String kind,
                @RequestParam(name = "pagina", defaultValue = "1") int page, Model model) {
        Optional<OutboxStatus> s = ConsoleFilters.named(OutboxStatus.values(), status);
        Optional<MailKind> k = ConsoleFilters.named(MailKind.values(), kind);
        int p = Math.max(1, page);
        long total = outbox.count(s, k);
        model.addAttribute("messages", outbox.list(s, k, PAGE, (p - 1) * PAGE));
        model.addAttribute("total", total);
        model.addAttribute("failed", outbox.count(Optional.of(OutboxStatus.FAILED), Optional.empty()));
        model.addAttribute("bounced", outbox.count(Optional.of(OutboxStatus.BOUNCED), Optional.empty()));
        model.addAttribute("status", s.map(Enum::name).orElse(""));
        model.addAttribute("kind", k.map(Enum::name).orElse(""));
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("statuses", Arrays.stream(OutboxStatus.values()).map(Enum::name).sorted().toList());
        model.addAttribute("kinds", Arrays.stream(MailKind.values()).map(Enum::name).sorted().toList());
        return "ops/mails";
    }

    @GetMapping("/ops/correos/{id}")
    String one(@PathVariable long id, Model model) {
        model.addAttribute("message", outbox.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        proofs.ofMail(id).ifPresent(proof -> { // an invoice email's delivery, and what the buyer said since
            model.addAttribute("proof", proof);
            model.addAttribute("events", proof.invoice() == null ? List.of() : events.ofInvoice(proof.invoice().id()));
        });
        return "ops/mail";
    }

    /** The HTML part as sent (secrets masked), for the frame on the message page; its own headers allow the styles. */
    @GetMapping(value = "/ops/correos/{id}/html", produces = "text/html;charset=UTF-8")
    @ResponseBody
    String html(@PathVariable long id) {
        return outbox.find(id).map(OutboxAdmin.Message::bodyHtml)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    @PostMapping("/ops/correos/{id}/reenviar")
    String resend(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        Optional<OutboxStatus> before = outbox.find(id).map(OutboxAdmin.Message::status);
        if (outbox.resend(id)) {
            actions.record(request, "MAIL_RESEND", "mail", id, before.map(Enum::name).orElse(""),
                    OutboxStatus.PENDING.name(), null);
            redirect.addFlashAttribute("notice", "El correo " + id + " se enviará de nuevo en unos segundos.");
        } else {
            redirect.addFlashAttribute("notice", "Solo se reenvía un correo FAILED o BOUNCED.");
        }
        return "redirect:/ops/correos/" + id;
    }

    @PostMapping("/ops/correos/reenviar-fallidos")
    String resendAll(HttpServletRequest request, RedirectAttributes redirect) {
        int count = outbox.resendAllFailed();
        actions.record(request, "MAIL_RESEND_ALL_FAILED", "mail", null, count + " " + OutboxStatus.FAILED,
                OutboxStatus.PENDING.name(), null);
        redirect.addFlashAttribute("notice", count + " correo(s) fallido(s) se enviarán de nuevo.");
        return "redirect:/ops/correos?estado=" + OutboxStatus.FAILED;
    }
}
