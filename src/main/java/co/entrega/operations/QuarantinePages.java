package co.entrega.operations;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.ingestion.QuarantineAdmin;
import co.entrega.ingestion.QuarantineStatus;

/** The quarantine: reason, date and original name; download the original; reprocess or discard with a comment. */
@Controller
class QuarantinePages {

    /** The statuses the page filters by (a reprocess in flight is shown among all). */
    private static final Set<QuarantineStatus> FILTERS = EnumSet.of(QuarantineStatus.OPEN,
            QuarantineStatus.REPROCESSED, QuarantineStatus.DISCARDED);
    private static final int PAGE = 50;

    private final QuarantineAdmin quarantine;
    private final ConsoleActions actions;

    QuarantinePages(QuarantineAdmin quarantine, ConsoleActions actions) {
        this.quarantine = quarantine;
        this.actions = actions;
    }

    @GetMapping("/ops/cuarentena")
    String list(@RequestParam(name = "estado", required = false) String status,
                @RequestParam(name = "pagina", defaultValue = "1") int page, Model model) {
        // The open entries unless asked otherwise ("estado=" asks for all).
        Optional<QuarantineStatus> s = status == null ? Optional.of(QuarantineStatus.OPEN)
                : ConsoleFilters.named(QuarantineStatus.values(), status).filter(FILTERS::contains);
        int p = Math.max(1, page);
        model.addAttribute("entries", quarantine.list(s, PAGE, (p - 1) * PAGE));
        model.addAttribute("status", s.map(Enum::name).orElse(""));
        model.addAttribute("page", p);
        return "ops/quarantine";
    }

    @GetMapping("/ops/cuarentena/{id}/original")
    void original(@PathVariable long id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        QuarantineAdmin.Original original = quarantine.original(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        try (InputStream in = original.content()) {
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(original.size());
            // The name came from the ERP: only safe characters reach the header.
            String name = original.name().replaceAll("[^A-Za-z0-9._-]", "_");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(name.isEmpty() ? "original-" + id : name).build().toString());
            in.transferTo(response.getOutputStream());
        }
        actions.record(request, "QUARANTINE_DOWNLOAD", "quarantine", id, null, original.name(), null);
    }

    @PostMapping("/ops/cuarentena/{id}/reprocesar")
    String reprocess(@PathVariable long id, @RequestParam(name = "comentario", defaultValue = "") String comment,
                     HttpServletRequest request, RedirectAttributes redirect) {
        Optional<String> outcome = quarantine.reprocess(id, operator(request), comment);
        if (outcome.isEmpty()) {
            redirect.addFlashAttribute("error", "La entrada " + id + " ya fue resuelta.");
        } else {
            actions.record(request, "QUARANTINE_REPROCESS", "quarantine", id, QuarantineStatus.OPEN.name(),
                    outcome.get(), comment);
            redirect.addFlashAttribute("notice", "Reprocesado: " + outcome.get());
        }
        return "redirect:/ops/cuarentena";
    }

    @PostMapping("/ops/cuarentena/{id}/descartar")
    String discard(@PathVariable long id, @RequestParam(name = "comentario", defaultValue = "") String comment,
                   HttpServletRequest request, RedirectAttributes redirect) {
        if (comment.isBlank()) {
            redirect.addFlashAttribute("error", "Escriba por qué se descarta.");
        } else if (quarantine.discard(id, operator(request), comment)) {
            actions.record(request, "QUARANTINE_DISCARD", "quarantine", id, QuarantineStatus.OPEN.name(),
                    QuarantineStatus.DISCARDED.name(), comment);
            redirect.addFlashAttribute("notice", "Entrada " + id + " descartada.");
        } else {
            redirect.addFlashAttribute("error", "La entrada " + id + " ya fue resuelta.");
        }
        return "redirect:/ops/cuarentena";
    }

    private static String operator(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName();
    }
}
