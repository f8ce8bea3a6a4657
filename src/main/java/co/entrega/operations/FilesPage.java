package co.entrega.operations;

import java.util.Optional;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import co.entrega.ingestion.InboundStatus;
import co.entrega.ingestion.IngestionActivity;

/** Every file taken from the inbox, newest first, by outcome: what the dashboard's file counts link to. */
@Controller
class FilesPage {

    private static final int PAGE = 100;

    private final IngestionActivity ingestion;

    FilesPage(IngestionActivity ingestion) {
        this.ingestion = ingestion;
    }

    @GetMapping("/ops/archivos")
    String files(@RequestParam(name = "estado", defaultValue = "") String status,
                 @RequestParam(name = "pagina", defaultValue = "1") int page, Model model) {
        Optional<InboundStatus> s = ConsoleFilters.named(InboundStatus.values(), status);
        int p = Math.max(1, page);
        model.addAttribute("files", ingestion.files(s, PAGE, (p - 1) * PAGE));
        model.addAttribute("status", s.map(Enum::name).orElse(""));
        model.addAttribute("page", p);
        return "ops/files";
    }
}
