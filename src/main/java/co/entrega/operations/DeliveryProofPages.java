package co.entrega.operations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import co.entrega.evidence.BuyerEvents;
import co.entrega.notification.DeliveryProofs;
import co.entrega.notification.DeliveryProofs.DeliveryProof;

/**
 * The constancia de entrega of an invoice email as a PDF, and those of a period as CSV. Both downloads are evidence
 * leaving the service, so each is in the audit log.
 */
@Controller
class DeliveryProofPages {

    private final DeliveryProofs proofs;
    private final BuyerEvents events;
    private final DeliveryProofPdf pdf;
    private final DeliveryProofCsv csv;
    private final ConsoleActions actions;

    DeliveryProofPages(DeliveryProofs proofs, BuyerEvents events, DeliveryProofPdf pdf, DeliveryProofCsv csv,
                       ConsoleActions actions) {
        this.proofs = proofs;
        this.events = events;
        this.pdf = pdf;
        this.csv = csv;
        this.actions = actions;
    }

    @GetMapping("/ops/correos/{id}/constancia.pdf")
    void pdf(@PathVariable long id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        DeliveryProof proof = proofs.ofMail(id).filter(DeliveryProof::sent)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        // Rendered whole before the answer starts: a failure is an error page, not half a PDF.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        pdf.write(proof, proof.invoice() == null ? List.of() : events.ofInvoice(proof.invoice().id()), bytes);
        response.setContentType("application/pdf");
        response.setContentLength(bytes.size());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName(proof)).build().toString());
        bytes.writeTo(response.getOutputStream());
        actions.record(request, "DELIVERY_PROOF_PDF", "mail", id, null, null, null);
    }

    /** Every invoice email accepted by the relay from {@code desde} to {@code hasta}, both days included. */
    @GetMapping("/ops/constancias.csv")
    void csv(@RequestParam("desde") String from, @RequestParam("hasta") String to, HttpServletRequest request,
             HttpServletResponse response) throws IOException {
        LocalDate first = day(from);
        LocalDate last = day(to);
        if (last.isBefore(first)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "hasta es anterior a desde");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("constancias-entrega-" + first + "-a-" + last + ".csv").build().toString());
        actions.record(request, "DELIVERY_PROOF_CSV", "mail", null, null, first + " a " + last, null);
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        csv.write(first.atStartOfDay(DashboardPage.ISSUER_ZONE).toInstant(),
                last.plusDays(1).atStartOfDay(DashboardPage.ISSUER_ZONE).toInstant(), out);
        out.flush();
    }

    private static LocalDate day(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "fecha no válida (AAAA-MM-DD): " + value);
        }
    }

    /** The invoice number came from the ERP: only safe characters reach the header. */
    private static String fileName(DeliveryProof proof) {
        String number = proof.invoice() == null ? "" : proof.invoice().number().replaceAll("[^A-Za-z0-9._-]", "_");
        return "constancia-entrega-" + (number.isEmpty() ? "" : number + "-") + proof.mailId() + ".pdf";
    }
}
