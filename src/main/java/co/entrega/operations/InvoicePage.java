package co.entrega.operations;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import co.entrega.portal.InvoiceHistory;

/** One invoice in the console: its CUFE, whether the ERP sent DIAN's AttachedDocument, and its whole history. */
@Controller
class InvoicePage {

    private final InvoiceHistory history;

    InvoicePage(InvoiceHistory history) {
        this.history = history;
    }

    @GetMapping("/ops/facturas/{id}")
    String invoice(@PathVariable long id, Model model) {
        model.addAttribute("history", history.of(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "ops/invoice";
    }
}
