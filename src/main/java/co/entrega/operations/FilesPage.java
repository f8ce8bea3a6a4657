package co.entrega.operations;

import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Every file taken from the inbox, newest first, by outcome: what the dashboard's file counts link to. */
@Controller
class FilesPage {

    private static final Set<String> STATUSES = Set.of("REGISTERED", "DUPLICATE", "QUARANTINED", "WAITING", "PAIRING");
    private static final int PAGE = 100;

    private final JdbcClient jdbc;

    FilesPage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/ops/archivos")
    String files(@RequestParam(name = "estado", defaultValue = "") String status,
                 @RequestParam(name = "pagina", defaultValue = "1") int page, Model model) {
        String s = STATUSES.contains(status) ? status : "";
        int p = Math.max(1, page);
        model.addAttribute("files", Display.rows(jdbc.sql("""
                        SELECT id, original_name, source, received_at, size_bytes, file_type, status, detail
                        FROM inbound_files WHERE (:status = '' OR status = :status)
                        ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .param("status", s).param("limit", PAGE).param("offset", (p - 1) * PAGE)
                .query().listOfRows()));
        model.addAttribute("status", s);
        model.addAttribute("page", p);
        return "ops/files";
    }
}
