package co.entrega.operations;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.web.LoginThrottle;
import co.entrega.web.PasswordPolicy;

/** An operator changes their own password: the current one first (throttled), then the customers' policy. */
@Controller
class OperatorPasswordPage {

    private final OperatorAccounts operators;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final ConsoleActions actions;
    private final SecurityContextRepository contexts;

    OperatorPasswordPage(OperatorAccounts operators, PasswordPolicy policy, LoginThrottle throttle,
                         ConsoleActions actions, SecurityContextRepository contexts) {
        this.contexts = contexts;
        this.operators = operators;
        this.policy = policy;
        this.throttle = throttle;
        this.actions = actions;
    }

    @GetMapping("/ops/cuenta")
    String form() {
        return "ops/password";
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
            return "ops/password";
        }
        if (!operators.passwordMatches(operator.getUsername(), current)) {
            model.addAttribute("error", "La contraseña actual no es correcta.");
            return "ops/password";
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
            return "ops/password";
        }
        OffsetDateTime changedAt = operators.changePassword(operator.getUsername(), password);
        actions.record(request, "OPERATOR_PASSWORD", "operator", operator.getUsername(), null, null, null);
        // This session goes on (with a new id); the operator's other sessions end.
        request.changeSessionId();
        OperatorUser changed = operator.restartedAt(changedAt);
        SecurityContext context =
                SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken
                .authenticated(changed, null, changed.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        redirect.addFlashAttribute("notice", "Su contraseña fue actualizada.");
        return "redirect:/ops";
    }
}
