package co.entrega.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import co.entrega.evidence.BuyerEvents;

/**
 * The buyer's RADIAN events that call for the issuer: the invoices whose tacit acceptance is due (the 034 to register,
 * with their CSV for the ERP) and the latest claims.
 */
@Controller
class BuyerEventsPage {

    private static final int CLAIMS = 100;

    private final BuyerEvents events;

    BuyerEventsPage(BuyerEvents events) {
        this.events = events;
    }

    @GetMapping("/ops/eventos")
    String events(Model model) {
        model.addAttribute("today", LocalDate.now(BuyerEvents.ISSUER_ZONE));
        model.addAttribute("due", events.tacitAcceptanceDue());
        model.addAttribute("claims", events.claims(CLAIMS, 0));
        return "ops/events";
    }

    @GetMapping("/ops/eventos/aceptacion-tacita.csv")
    void tacitAcceptanceCsv(HttpServletResponse response) throws IOException {
        LocalDate today = LocalDate.now(BuyerEvents.ISSUER_ZONE);
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("aceptacion-tacita-" + today + ".csv").build().toString());
        events.writeTacitAcceptanceDueCsv(today, response.getWriter());
    }
}
