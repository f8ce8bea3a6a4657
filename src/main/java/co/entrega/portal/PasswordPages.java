package co.entrega.portal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.notification.AccountMail;
import co.entrega.provisioning.Accounts;
import co.entrega.provisioning.OnboardingProperties;
import co.entrega.web.LoginThrottle;
import co.entrega.web.PasswordPolicy;

/**
 * Passwords: the change a customer must make after logging in with the temporary one (ACTUALIZAR), a voluntary
 * change, the forgotten-password request and the single-use links that let a customer choose one. Every change is
 * confirmed by email (without the password).
 */
@Controller
class PasswordPages {

    private static final Logger log = LoggerFactory.getLogger(PasswordPages.class);

    private final Accounts accounts;
    private final PasswordPolicy policy;
    private final AccountMail mail;
    private final SecurityContextRepository contexts;
    private final LoginOutcomes outcomes;
    private final LoginThrottle throttle;

    PasswordPages(Accounts accounts, PasswordPolicy policy, AccountMail mail, SecurityContextRepository contexts,
                  LoginOutcomes outcomes, LoginThrottle throttle) {
        this.throttle = throttle;
        this.accounts = accounts;
        this.policy = policy;
        this.mail = mail;
        this.contexts = contexts;
        this.outcomes = outcomes;
    }

    @GetMapping(AccountSessionFilter.CHANGE_PAGE)
    String changeForm(@AuthenticationPrincipal PortalUser user, Model model) {
        model.addAttribute("forced", user.mustChangePassword());
        model.addAttribute("username", user.getUsername());
        return "portal/change-password";
    }

    @PostMapping(AccountSessionFilter.CHANGE_PAGE)
    String change(@AuthenticationPrincipal PortalUser user,
                  @RequestParam(name = "actual", required = false) String current,
                  @RequestParam(name = "nueva", required = false) String password,
                  @RequestParam(name = "confirmacion", required = false) String confirmation,
                  HttpServletRequest request, HttpServletResponse response, Model model,
                  RedirectAttributes redirect) {
        model.addAttribute("forced", user.mustChangePassword());
        model.addAttribute("username", user.getUsername());
        // Someone who finds a logged-in screen must not be able to change its password without knowing it; the
        // forced change follows a login with the password moments ago, so it does not ask again.
        // Guessing the current password here is throttled like the login.
        if (!user.mustChangePassword()) {
            if (!throttle.admit(user.getUsername(), request.getRemoteAddr())) {
                model.addAttribute("errorKey", "login.throttled");
                return "portal/change-password";
            }
            if (current == null || !accounts.passwordMatches(user.accountId(), current)) {
                model.addAttribute("errorKey", "password.error.current");
                return "portal/change-password";
            }
            throttle.succeeded(user.getUsername(), request.getRemoteAddr());
        }
        Optional<PasswordPolicy.Refusal> refusal = policy.check(user.getUsername(), password, confirmation);
        if (refusal.isPresent()) {
            model.addAttribute("errorKey", refusal.get().messageKey);
            return "portal/change-password";
        }
        // The temporary password sits in the customer's mailbox in clear: it cannot become the real one.
        if (accounts.passwordMatches(user.accountId(), password)) {
            model.addAttribute("errorKey", "password.error.same");
            return "portal/change-password";
        }
        OffsetDateTime changedAt = accounts.setChosenPassword(user.accountId(), password);
        mail.queuePasswordChanged(user.accountId());
        log.info("password changed: account {}", user.accountId());

        // The session now belongs to a customer with a new password: new session id, flag lifted.
        request.changeSessionId();
        PortalUser changed = user.withPasswordChanged(changedAt);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        // The password was just typed: a fresh password factor (a passkey may be registered in the next minutes).
        List<GrantedAuthority> authorities = new ArrayList<>(changed.getAuthorities());
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(changed, null, authorities));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);

        redirect.addFlashAttribute("noticeKey", "password.changed");
        return "redirect:" + outcomes.afterLogin(request, response);
    }

    @GetMapping("/contrasena/olvido")
    String forgotForm() {
        return "portal/forgot-password";
    }

    /** The same answer whether or not the user exists (and whether or not it has an address on record). */
    @PostMapping("/contrasena/olvido")
    String forgot(@RequestParam(name = "username", required = false) String username, Model model) {
        accounts.findForLogin(username)
                .filter(account -> !account.locked())
                .ifPresent(account -> mail.queuePasswordReset(account.id()));
        model.addAttribute("sent", true);
        return "portal/forgot-password";
    }

    @GetMapping("/restablecer/{token}")
    String resetForm(@PathVariable String token, Model model) {
        return accounts.findByResetToken(token)
                .map(holder -> {
                    model.addAttribute("token", token);
                    model.addAttribute("username", holder.username());
                    model.addAttribute("formAction", "/restablecer/" + token);
                    return "portal/choose-password";
                })
                .orElse("portal/link-invalid");
    }

    @PostMapping("/restablecer/{token}")
    String reset(@PathVariable String token, @RequestParam(name = "nueva", required = false) String password,
                 @RequestParam(name = "confirmacion", required = false) String confirmation, Model model) {
        return choose(Accounts.TokenKind.RESET, accounts.findByResetToken(token), "/restablecer/", token, password,
                confirmation, model);
    }

    /** set-password-link mode: the activation URL lets the customer choose the first password. */
    @PostMapping("/acceso/{token}")
    String choosePassword(@PathVariable String token, @RequestParam(name = "nueva", required = false) String password,
                          @RequestParam(name = "confirmacion", required = false) String confirmation, Model model) {
        if (accounts.onboardingMode() != OnboardingProperties.Mode.SET_PASSWORD_LINK) {
            return "portal/link-invalid";
        }
        return choose(Accounts.TokenKind.ACTIVATION, accounts.findByActivationToken(token), "/acceso/", token,
                password, confirmation, model);
    }

    private String choose(Accounts.TokenKind kind, Optional<Accounts.TokenHolder> holder, String path, String token,
                          String password, String confirmation, Model model) {
        if (holder.isEmpty()) {
            return "portal/link-invalid";
        }
        Optional<PasswordPolicy.Refusal> refusal = policy.check(holder.get().username(), password, confirmation);
        if (refusal.isPresent()) {
            model.addAttribute("token", token);
            model.addAttribute("username", holder.get().username());
            model.addAttribute("formAction", path + token);
            model.addAttribute("errorKey", refusal.get().messageKey);
            return "portal/choose-password";
        }
        if (!accounts.choosePasswordWithToken(kind, token, password)) {
            return "portal/link-invalid";
        }
        mail.queuePasswordChanged(holder.get().accountId());
        log.info("password chosen through a single-use link ({}): account {}", kind, holder.get().accountId());
        return "redirect:/login?contrasenaGuardada";
    }
}
