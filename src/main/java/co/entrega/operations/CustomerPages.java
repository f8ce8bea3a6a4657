package co.entrega.operations;

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

import co.entrega.ingestion.CustomerEmailChange;
import co.entrega.provisioning.AccountState;
import co.entrega.provisioning.Accounts;

/**
 * Customers: search by NIT (the username), name or email; a customer's account, documents, download log and emails; change
 * the email on record (releases invoices "sin correo"), reissue credentials, lock and unlock the account.
 */
@Controller
class CustomerPages {

    private final CustomerDirectory directory;
    private final CustomerActions customerActions;
    private final Accounts accounts;

    CustomerPages(CustomerDirectory directory, CustomerActions customerActions, Accounts accounts) {
        this.directory = directory;
        this.customerActions = customerActions;
        this.accounts = accounts;
    }

    @GetMapping("/ops/clientes")
    String search(@RequestParam(name = "q", defaultValue = "") String query,
                  @RequestParam(name = "sinCorreo", required = false) String withoutEmail, Model model) {
        model.addAttribute("customers", directory.search(query, withoutEmail != null));
        model.addAttribute("q", query);
        model.addAttribute("withoutEmail", withoutEmail != null);
        return "ops/customers";
    }

    @GetMapping("/ops/clientes/{id}")
    String customer(@PathVariable long id, Model model) {
        CustomerDirectory.Detail detail = directory.detail(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("customer", detail.customer());
        model.addAttribute("account", detail.account());
        model.addAttribute("documents", detail.documents());
        model.addAttribute("downloads", detail.downloads());
        model.addAttribute("mails", detail.mails());
        model.addAttribute("audit", detail.audit());
        model.addAttribute("bounce", detail.bounce());
        model.addAttribute("bounced", detail.bounced());
        return "ops/customer";
    }

    @PostMapping("/ops/clientes/{id}/correo")
    String changeEmail(@PathVariable long id, @RequestParam(name = "correo", defaultValue = "") String email,
                       @RequestParam(name = "comentario", defaultValue = "") String comment,
                       HttpServletRequest request, RedirectAttributes redirect) {
        try {
            CustomerEmailChange.Changed changed = customerActions.changeEmail(id, email, comment,
                    request.getRemoteAddr()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
            redirect.addFlashAttribute("notice", "Correo actualizado" + (changed.released() > 0
                    ? "; " + changed.released() + " factura(s) sin correo quedan listas para notificar." : "."));
        } catch (IllegalArgumentException refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/ops/clientes/" + id;
    }

    /** After the address was fixed: the customer's bounced emails go again, to the address on record now. */
    @PostMapping("/ops/clientes/{id}/reenviar-rebotados")
    String resendBounced(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        CustomerActions.Resent resent = customerActions.resendBounced(id, request.getRemoteAddr())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        redirect.addFlashAttribute("notice", resent.count() + " correo(s) rebotado(s) se enviarán de nuevo a "
                + resent.address() + ".");
        return "redirect:/ops/clientes/" + id;
    }

    @PostMapping("/ops/clientes/{id}/credenciales")
    String reissue(@PathVariable long id, @RequestParam(name = "comentario", defaultValue = "") String comment,
                   HttpServletRequest request, RedirectAttributes redirect) {
        try {
            customerActions.reissueCredentials(accountOf(id), comment, request.getRemoteAddr());
        } catch (IllegalStateException noEmail) {
            redirect.addFlashAttribute("error", "El cliente no tiene correo registrado: regístrelo primero.");
            return "redirect:/ops/clientes/" + id;
        }
        redirect.addFlashAttribute("notice", "Credenciales reemitidas: las anteriores ya no sirven; el cliente recibirá "
                + "de nuevo los correos de activación y de contraseña.");
        return "redirect:/ops/clientes/" + id;
    }

    @PostMapping("/ops/clientes/{id}/bloqueo")
    String lock(@PathVariable long id, @RequestParam(name = "bloquear") boolean lock,
                @RequestParam(name = "comentario", defaultValue = "") String comment,
                HttpServletRequest request, RedirectAttributes redirect) {
        customerActions.setLocked(accountOf(id), lock, comment, request.getRemoteAddr());
        redirect.addFlashAttribute("notice", lock ? "Cuenta bloqueada: sus sesiones terminan y no puede ingresar."
                : "Cuenta desbloqueada.");
        return "redirect:/ops/clientes/" + id;
    }

    private AccountState accountOf(long customerId) {
        return accounts.ofCustomer(customerId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
