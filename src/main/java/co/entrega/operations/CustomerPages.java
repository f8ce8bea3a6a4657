package co.entrega.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.ingestion.CustomerEmailChange;
import co.entrega.notification.OutboxAdmin;
import co.entrega.provisioning.Accounts;

/**
 * Customers: search by NIT, name, username or email; a customer's account, documents, download log and emails; change
 * the email on record (releases invoices "sin correo"), reissue credentials, lock and unlock the account.
 */
@Controller
class CustomerPages {

    private static final int LIMIT = 50;

    private final JdbcClient jdbc;
    private final CustomerEmailChange emailChange;
    private final Accounts accounts;
    private final OutboxAdmin outbox;
    private final ConsoleActions actions;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    CustomerPages(JdbcClient jdbc, CustomerEmailChange emailChange, Accounts accounts, OutboxAdmin outbox,
                  ConsoleActions actions, TransactionTemplate transactions, AuditLog audit) {
        this.jdbc = jdbc;
        this.emailChange = emailChange;
        this.accounts = accounts;
        this.outbox = outbox;
        this.actions = actions;
        this.transactions = transactions;
        this.audit = audit;
    }

    @GetMapping("/ops/clientes")
    String search(@RequestParam(name = "q", defaultValue = "") String query,
                  @RequestParam(name = "sinCorreo", required = false) String withoutEmail, Model model) {
        String like = "%" + query.strip().toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%";
        List<Map<String, Object>> customers = jdbc.sql("""
                        SELECT c.id, c.nit, c.name, c.email, a.username, a.locked,
                               (SELECT COUNT(*) FROM invoices i WHERE i.customer_id = c.id) AS documents,
                               (SELECT COUNT(*) FROM invoices i WHERE i.customer_id = c.id AND i.status = 'SIN_CORREO') AS sin_correo
                        FROM customers c LEFT JOIN portal_accounts a ON a.customer_id = c.id
                        WHERE (LOWER(c.nit) LIKE :q OR LOWER(COALESCE(c.name, '')) LIKE :q
                               OR LOWER(COALESCE(c.email, '')) LIKE :q OR LOWER(COALESCE(a.username, '')) LIKE :q)
                          AND (:withoutEmail = FALSE OR c.email IS NULL OR EXISTS (
                                SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.status = 'SIN_CORREO'))
                        ORDER BY c.name, c.id LIMIT :limit""")
                .param("q", like)
                .param("withoutEmail", withoutEmail != null)
                .param("limit", LIMIT)
                .query().listOfRows();
        model.addAttribute("customers", Display.rows(customers));
        model.addAttribute("q", query);
        model.addAttribute("withoutEmail", withoutEmail != null);
        return "ops/customers";
    }

    @GetMapping("/ops/clientes/{id}")
    String customer(@PathVariable long id, Model model) {
        Map<String, Object> customer = jdbc.sql("""
                        SELECT c.id, c.nit, c.name, c.email, c.email_source, a.id AS account_id, a.username, a.locked,
                               a.must_change_password, a.password_changed_at, a.activation_expires_at, a.activation_used_at
                        FROM customers c LEFT JOIN portal_accounts a ON a.customer_id = c.id WHERE c.id = :id""")
                .param("id", id).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("customer", Display.row(customer));
        model.addAttribute("documents", Display.rows(jdbc.sql("""
                        SELECT i.id, i.number, i.kind, i.issue_date, i.payable_amount, i.currency, i.status, i.notified_at,
                               (SELECT COUNT(*) FROM document_downloads d WHERE d.invoice_id = i.id) AS downloads
                        FROM invoices i WHERE i.customer_id = :id -- customer_id first: CustomerDocuments.PAGE
                        ORDER BY i.customer_id, i.issue_date DESC, i.id DESC LIMIT 100""")
                .param("id", id).query().listOfRows()));
        model.addAttribute("downloads", Display.rows(jdbc.sql("""
                        SELECT d.downloaded_at, d.document, d.remote_address, i.number
                        FROM document_downloads d JOIN invoices i ON i.id = d.invoice_id
                        WHERE d.customer_id = :id ORDER BY d.id DESC LIMIT 100""")
                .param("id", id).query().listOfRows()));
        model.addAttribute("mails", Display.rows(jdbc.sql("""
                        SELECT id, kind, status, subject, created_at, sent_at, last_error FROM mail_outbox
                        WHERE customer_id = :id ORDER BY id DESC LIMIT 100""")
                .param("id", id).query().listOfRows()));
        model.addAttribute("audit", Display.rows(audit.forTarget("customer", id)));
        return "ops/customer";
    }

    @PostMapping("/ops/clientes/{id}/correo")
    String changeEmail(@PathVariable long id, @RequestParam(name = "correo", defaultValue = "") String email,
                       @RequestParam(name = "comentario", defaultValue = "") String comment,
                       HttpServletRequest request, RedirectAttributes redirect) {
        // COALESCE: a customer without an email is the usual case here (a NULL would read as "no such customer").
        String before = jdbc.sql("SELECT COALESCE(email, '') FROM customers WHERE id = :id").param("id", id)
                .query(String.class).list().stream().findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        try {
            // The change, the readdressed emails and the audit entry commit together.
            CustomerEmailChange.Changed changed = transactions.execute(status -> {
                CustomerEmailChange.Changed done = emailChange.change(id, email);
                outbox.readdressUnsent(id, done.email());
                actions.record(request, "CUSTOMER_EMAIL", "customer", id, before, done.email(), comment);
                return done;
            });
            redirect.addFlashAttribute("notice", "Correo actualizado" + (changed.released() > 0
                    ? "; " + changed.released() + " factura(s) sin correo quedan listas para notificar." : "."));
        } catch (IllegalArgumentException refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/ops/clientes/" + id;
    }

    @PostMapping("/ops/clientes/{id}/credenciales")
    String reissue(@PathVariable long id, @RequestParam(name = "comentario", defaultValue = "") String comment,
                   HttpServletRequest request, RedirectAttributes redirect) {
        long accountId = accountOf(id);
        try {
            transactions.executeWithoutResult(status -> {
                accounts.revokeCredentials(accountId);
                outbox.queueReissuedCredentials(accountId, String.valueOf(Instant.now().toEpochMilli()));
                actions.record(request, "CREDENTIALS_REISSUE", "customer", id, "credenciales anteriores",
                        "nuevas credenciales por correo (cuenta " + accountId + ")", comment);
            });
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
        long accountId = accountOf(id);
        transactions.executeWithoutResult(status -> {
            boolean before = jdbc.sql("SELECT locked FROM portal_accounts WHERE id = :id").param("id", accountId)
                    .query(Boolean.class).single();
            accounts.setLocked(accountId, lock);
            actions.record(request, lock ? "ACCOUNT_LOCK" : "ACCOUNT_UNLOCK", "customer", id,
                    before ? "bloqueada" : "activa", lock ? "bloqueada" : "activa", comment);
        });
        redirect.addFlashAttribute("notice", lock ? "Cuenta bloqueada: sus sesiones terminan y no puede ingresar."
                : "Cuenta desbloqueada.");
        return "redirect:/ops/clientes/" + id;
    }

    private long accountOf(long customerId) {
        return jdbc.sql("SELECT id FROM portal_accounts WHERE customer_id = :id").param("id", customerId)
                .query(Long.class).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
