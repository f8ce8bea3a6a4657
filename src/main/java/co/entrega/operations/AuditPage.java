package co.entrega.operations;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log, newest first; there is no action to change or delete an entry. */
@Controller
class AuditPage {

    private static final int PAGE = 100;

    private final AuditLog audit;

    AuditPage(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/ops/auditoria")
    String audit(@RequestParam(name = "pagina", defaultValue = "1") int page, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("entries", audit.latest(PAGE, (p - 1) * PAGE));
        model.addAttribute("page", p);
        return "ops/audit";
    }
}
