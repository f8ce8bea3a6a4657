package co.entrega.portal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import co.entrega.provisioning.Accounts;
import co.entrega.provisioning.OnboardingProperties;

/**
 * The start page: the plain login, and the single-use access URL ("URL acceso único"), which shows the same form bound
 * to its token (or, in set-password-link mode, the form to choose a password). A used, expired or unknown token gets
 * one message that says nothing about any account.
 */
@Controller
class LoginPages {

    private final Accounts accounts;

    LoginPages(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home() {
        return loggedIn() ? "redirect:/facturas" : "redirect:/login";
    }

    @GetMapping("/login")
    String login() {
        return loggedIn() ? "redirect:/facturas" : "portal/login";
    }

    @GetMapping("/acceso/{token}")
    String access(@PathVariable String token, Model model) {
        return accounts.findByActivationToken(token)
                .map(holder -> {
                    model.addAttribute("token", token);
                    if (accounts.onboardingMode() == OnboardingProperties.Mode.SET_PASSWORD_LINK) {
                        model.addAttribute("username", holder.username());
                        model.addAttribute("formAction", "/acceso/" + token);
                        return "portal/choose-password";
                    }
                    return "portal/login";
                })
                .orElse("portal/link-invalid");
    }

    private static boolean loggedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
