package co.entrega.operations;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.factors.RecoveryCodes;
import co.entrega.factors.TotpAuthenticators;
import co.entrega.web.LoginThrottle;
import co.entrega.web.PasswordPolicy;

/**
 * The operator's account: their own password (the current one first, throttled, then the customers' policy), and
 * their second factors (the app, passkeys, recovery codes).
 */
@Controller
class OperatorPasswordPage {

    private final OperatorAccounts operators;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final ConsoleActions actions;
    private final SecondFactorSession session;
    private final TotpAuthenticators authenticators;
    private final RecoveryCodes recoveryCodes;
    private final Passkeys passkeys;

    OperatorPasswordPage(OperatorAccounts operators, PasswordPolicy policy, LoginThrottle throttle,
                         ConsoleActions actions, SecondFactorSession session, TotpAuthenticators authenticators,
                         RecoveryCodes recoveryCodes, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.session = session;
        this.authenticators = authenticators;
        this.recoveryCodes = recoveryCodes;
        this.operators = operators;
        this.policy = policy;
        this.throttle = throttle;
        this.actions = actions;
    }

    @GetMapping("/ops/cuenta")
    String form(@AuthenticationPrincipal OperatorUser operator, Model model) {
        return page(operator, model);
    }

    private String page(OperatorUser operator, Model model) {
        model.addAttribute("enrolled", authenticators.enrolled(Realm.OPERATOR, operator.id()));
        model.addAttribute("remaining", recoveryCodes.remaining(Realm.OPERATOR, operator.id()));
        model.addAttribute("passkeys", passkeys.list(Realm.OPERATOR, operator.getUsername()).stream()
                .map(p -> new PasskeyRow(p.id(), p.label(),
                        ConsoleValues.text(p.created().atOffset(java.time.ZoneOffset.UTC)),
                        ConsoleValues.text(p.lastUsed().atOffset(java.time.ZoneOffset.UTC))))
                .toList());
        return "ops/password";
    }

    /** A passkey as the account page lists it. */
    public record PasskeyRow(String id, String label, String created, String lastUsed) {
    }

    /** A recent second factor first (a step-up action): removing a factor is a change of the account's defences. */
    @PostMapping("/ops/cuenta/eliminar-llave")
    String removePasskey(@AuthenticationPrincipal OperatorUser operator,
                         @RequestParam(name = "id", defaultValue = "") String id, RedirectAttributes redirect) {
        // Never the last second factor: without one, the password alone would enrol the next.
        if (!authenticators.enrolled(Realm.OPERATOR, operator.id())
                && passkeys.list(Realm.OPERATOR, operator.getUsername()).size() <= 1) {
            redirect.addFlashAttribute("error", "Es su único segundo factor: inscriba otro (una llave o la aplicación) "
                    + "antes de eliminarla.");
        } else if (passkeys.remove(Realm.OPERATOR, operator.getUsername(), id)) {
            redirect.addFlashAttribute("notice", "La llave de acceso fue eliminada.");
        }
        return "redirect:/ops/cuenta";
    }

    @PostMapping("/ops/cuenta")
    String change(@AuthenticationPrincipal OperatorUser operator,
                  @RequestParam(name = "actual", defaultValue = "") String current,
                  @RequestParam(name = "nueva", defaultValue = "") String password,
                  @RequestParam(name = "confirmacion", defaultValue = "") String confirmation,
                  HttpServletRequest request, HttpServletResponse response, Model model,
                  RedirectAttributes redirect) {
        String key = "ops:" + operator.getUsername();
        if (!throttle.admit(key, request.getRemoteAddr())) {
            model.addAttribute("error", "Demasiados intentos fallidos. Espere unos minutos e intente de nuevo.");
            return page(operator, model);
        }
        if (!operators.passwordMatches(operator.getUsername(), current)) {
            model.addAttribute("error", "La contraseña actual no es correcta.");
            return page(operator, model);
        }
        throttle.succeeded(key, request.getRemoteAddr());
        Optional<PasswordPolicy.Refusal> refusal = policy.check(operator.getUsername(), password, confirmation);
        if (refusal.isPresent()) {
            model.addAttribute("error", switch (refusal.get()) {
                case TOO_SHORT -> "La contraseña debe tener al menos 12 caracteres.";
                case TOO_LONG -> "La contraseña puede tener como máximo 128 caracteres.";
                case COMMON -> "Esa contraseña es muy común y fácil de adivinar. Elija otra.";
                case CONTAINS_USERNAME -> "La contraseña no puede contener su usuario.";
                case SEQUENCE -> "La contraseña no puede tener secuencias o repeticiones como \"123456\" o \"aaaa\".";
                case MISMATCH -> "La confirmación no coincide con la nueva contraseña.";
            });
            return page(operator, model);
        }
        OffsetDateTime changedAt = operators.changePassword(operator.getUsername(), password);
        actions.record(request, "OPERATOR_PASSWORD", "operator", operator.getUsername(), null, null, null);
        // This session goes on (with a new id and the factors it has); the operator's other sessions end.
        session.replacePrincipal(operator.restartedAt(changedAt), request, response);
        redirect.addFlashAttribute("notice", "Su contraseña fue actualizada.");
        return "redirect:/ops";
    }
}
