package co.entrega.portal;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The customer's documents: filtered by Fecha inicial / Fecha final (issue date, both ends included), newest first,
 * a page at a time; and one document, where an emailed link leads.
 */
@Controller
class InvoicePages {

    static final int PAGE_SIZE = 20;
    private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("d/M/uuuu");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    private final CustomerDocuments documents;
    private final InvoiceHistory history;

    InvoicePages(CustomerDocuments documents, InvoiceHistory history) {
        this.documents = documents;
        this.history = history;
    }

    @GetMapping("/facturas")
    String list(@AuthenticationPrincipal PortalUser user,
                @RequestParam(name = "desde", required = false) String fromText,
                @RequestParam(name = "hasta", required = false) String toText,
                @RequestParam(name = "pagina", defaultValue = "1") String pageText,
                @RequestParam(name = "sinPendientes", required = false) String nothingPending,
                Locale locale, Model model) {
        LocalDate from = parse(fromText);
        LocalDate to = parse(toText);
        if ((blank(fromText) ? false : from == null) || (blank(toText) ? false : to == null)) {
            model.addAttribute("errorKey", "invoices.error.date");
        } else if (from != null && to != null && from.isAfter(to)) {
            model.addAttribute("errorKey", "invoices.error.range");
            from = null;
            to = null;
        }
        CustomerDocuments.Counts counts = documents.counts(user.customerId(), from, to);
        long total = counts.inRange();
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(pages, Math.max(1, parsePage(pageText)));
        NumberFormat amount = amountFormat(locale); // one per page: building one is ~1 % of the page's CPU
        List<CustomerDocument> shown = documents.page(user.customerId(), from, to, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        Map<Long, String> states = history.notableStates(shown.stream().map(CustomerDocument::id).toList());
        List<Row> rows = shown.stream().map(document -> row(document, amount, states.get(document.id()))).toList();

        model.addAttribute("rows", rows);
        model.addAttribute("total", total);
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("from", from == null ? "" : from.toString());
        model.addAttribute("to", to == null ? "" : to.toString());
        model.addAttribute("pending", counts.pending());
        model.addAttribute("nothingPending", nothingPending != null);
        return "portal/invoices";
    }

    @GetMapping("/facturas/{id}")
    String one(@AuthenticationPrincipal PortalUser user, @PathVariable long id, Locale locale, Model model) {
        CustomerDocument document = documents.find(user.customerId(), id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        InvoiceHistory.History story = history.ofCustomer(user.customerId(), id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("document", row(document, amountFormat(locale), story.stateKey()));
        model.addAttribute("history", story);
        return "portal/invoice";
    }

    /**
     * A document as its page shows it, formatted for the page's language (public: FreeMarker reads it).
     *
     * @param stateKey where it stands beyond downloaded or not (a buyer's event, a bounce), or null
     */
    public record Row(long id, String number, String kindKey, String kind, String issueDate, String amount,
                      String currency, boolean hasPdf, boolean downloaded, String stateKey) {
    }

    private static Row row(CustomerDocument document, NumberFormat amount, String stateKey) {
        return new Row(document.id(), document.number(), "kind." + document.kind(), document.kind(),
                document.issueDate().format(SHOWN), amount.format(document.amount()), document.currency(),
                document.pdfDocumentId() != null, document.downloaded(), stateKey);
    }

    private static NumberFormat amountFormat(Locale locale) {
        NumberFormat amount = NumberFormat.getNumberInstance(locale);
        amount.setMinimumFractionDigits(2);
        amount.setMaximumFractionDigits(2);
        amount.setRoundingMode(RoundingMode.HALF_UP);
        return amount;
    }

    /** An ISO date (what a date picker sends) or day/month/year (what a person types where there is no picker). */
    static LocalDate parse(String text) {
        if (blank(text)) {
            return null;
        }
        String trimmed = text.strip();
        try {
            return LocalDate.parse(trimmed);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(trimmed.replace('-', '/'), TYPED);
            } catch (DateTimeParseException notTyped) {
                return null;
            }
        }
    }

    private static int parsePage(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
