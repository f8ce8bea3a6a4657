package co.entrega.operations;

import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import co.entrega.factors.KeyUriQrCode;
import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.factors.RecoveryCodes;
import co.entrega.factors.TotpAuthenticators;
import co.entrega.notification.IssuerProperties;
import co.entrega.web.LoginThrottle;

/**
 * The operator's second factor after the password: at the first login, enrolment of an authenticator app or a passkey
 * (with the recovery codes, shown once), then a code from the app, the passkey, or a recovery code, at every login and
 * before the actions that ask for a recent one. Wrong codes are throttled like passwords, under their own key.
 */
@Controller
class SecondFactorPages {

    private static final String PENDING_SECRET = SecondFactorPages.class.getName() + ".pendingSecret";
    private static final String WRONG_CODE = "El código no es correcto o ya se usó. Escriba el código que muestra "
            + "ahora su aplicación de autenticación.";
    static final String REPEAT_NOTICE = "Identidad confirmada. Repita la acción.";
    private static final String THROTTLED = "Demasiados intentos fallidos. Espere unos minutos e intente de nuevo.";

    private final TotpAuthenticators authenticators;
    private final RecoveryCodes recoveryCodes;
    private final SecondFactorSession session;
    private final LoginThrottle throttle;
    private final ConsoleActions actions;
    private final ConsoleClock clock;
    private final String issuer;
    private final Passkeys passkeys;

    SecondFactorPages(TotpAuthenticators authenticators, RecoveryCodes recoveryCodes, SecondFactorSession session,
                      LoginThrottle throttle, ConsoleActions actions, ConsoleClock clock, IssuerProperties issuer,
                      Passkeys passkeys) {
        this.passkeys = passkeys;
        this.authenticators = authenticators;
        this.recoveryCodes = recoveryCodes;
        this.session = session;
        this.throttle = throttle;
        this.actions = actions;
        this.clock = clock;
        this.issuer = issuer.name();
    }

    @GetMapping("/ops/segundo-factor")
    String prompt(@AuthenticationPrincipal OperatorUser operator, HttpServletRequest request, Model model) {
        if (!hasSecondFactor(operator)) {
            return "redirect:/ops/segundo-factor/inscribir";
        }
        return promptPage(operator, request, model);
    }

    private String promptPage(OperatorUser operator, HttpServletRequest request, Model model) {
        model.addAttribute("action",
                Boolean.TRUE.equals(request.getSession().getAttribute(SecondFactorEntryPoint.STEPPED_UP)));
        model.addAttribute("totp", authenticators.enrolled(Realm.OPERATOR, operator.id()));
        model.addAttribute("passkey", passkeys.any(Realm.OPERATOR, operator.getUsername()));
        return "ops/second-factor";
    }

    @PostMapping("/ops/segundo-factor")
    String verify(@AuthenticationPrincipal OperatorUser operator,
                  @RequestParam(name = "codigo", defaultValue = "") String code,
                  HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (!rightAndAdmitted(operator, request, model, WRONG_CODE,
                () -> authenticators.verify(Realm.OPERATOR, operator.id(), code, clock.now()))) {
            return promptPage(operator, request, model);
        }
        session.grant(ConsoleFactors.TOTP, request, response);
        return continueAfterFactor(request, redirect);
    }

    @GetMapping("/ops/segundo-factor/recuperacion")
    String recoveryForm() {
        return "ops/recovery";
    }

    @PostMapping("/ops/segundo-factor/recuperacion")
    String recover(@AuthenticationPrincipal OperatorUser operator,
                   @RequestParam(name = "codigo", defaultValue = "") String code,
                   HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (!rightAndAdmitted(operator, request, model, "El código de recuperación no es correcto o ya se usó.",
                () -> recoveryCodes.consume(Realm.OPERATOR, operator.id(), code, clock.now()))) {
            return "ops/recovery";
        }
        session.grant(ConsoleFactors.RECOVERY_CODE, request, response);
        int left = recoveryCodes.remaining(Realm.OPERATOR, operator.id());
        actions.record(request, "OPERATOR_RECOVERY_CODE_USED", "operator", operator.getUsername(), null,
                left + " restantes", null);
        redirect.addFlashAttribute("notice", "Entró con un código de recuperación; le quedan " + left
                + ". Si perdió su teléfono o su llave, inscriba ahora un segundo factor nuevo.");
        SecondFactorEntryPoint.returnTo(request);
        SecondFactorEntryPoint.wasAction(request);
        return "redirect:/ops/cuenta";
    }

    /**
     * A new secret for the app. With one enrolled already (a new phone), only after a recent second factor: the
     * password alone must not replace it.
     */
    @GetMapping("/ops/segundo-factor/inscribir")
    String enrolForm(@AuthenticationPrincipal OperatorUser operator, HttpSession httpSession, Model model) {
        if (hasSecondFactor(operator) && !SecondFactorSession.hasRecentSecondFactor(
                SecurityContextHolder.getContext().getAuthentication(), clock.now())) {
            return "redirect:/ops/segundo-factor";
        }
        String secret = authenticators.newSecret();
        httpSession.setAttribute(PENDING_SECRET, secret);
        return enrolPage(operator, secret, model);
    }

    @PostMapping("/ops/segundo-factor/inscribir")
    String enrol(@AuthenticationPrincipal OperatorUser operator,
                 @RequestParam(name = "codigo", defaultValue = "") String code,
                 HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        boolean replacing = authenticators.enrolled(Realm.OPERATOR, operator.id());
        if (hasSecondFactor(operator) && !SecondFactorSession.hasRecentSecondFactor(
                SecurityContextHolder.getContext().getAuthentication(), clock.now())) {
            return "redirect:/ops/segundo-factor";
        }
        Object pending = request.getSession().getAttribute(PENDING_SECRET);
        if (!(pending instanceof String secret)) {
            return "redirect:/ops/segundo-factor/inscribir";
        }
        if (!rightAndAdmitted(operator, request, model, WRONG_CODE,
                () -> authenticators.enrol(Realm.OPERATOR, operator.id(), secret, code, clock.now()))) {
            return enrolPage(operator, secret, model);
        }
        request.getSession().removeAttribute(PENDING_SECRET);
        actions.record(request, replacing ? "OPERATOR_SECOND_FACTOR_REPLACED" : "OPERATOR_SECOND_FACTOR_ENROLLED",
                "operator", operator.getUsername(), null, "aplicación de autenticación", null);
        session.grant(ConsoleFactors.TOTP, request, response);
        if (!recoveryCodes.everIssued(Realm.OPERATOR, operator.id())) {
            return showRecoveryCodes(operator, request, model);
        }
        redirect.addFlashAttribute("notice", "La aplicación de autenticación quedó inscrita.");
        SecondFactorEntryPoint.wasAction(request);
        return "redirect:" + SecondFactorEntryPoint.returnTo(request);
    }

    /** After the first factor ever enrolled was a passkey (the script comes here once it is used): the codes. */
    @GetMapping(OperatorPasskeyOutcomes.FIRST_CODES)
    String firstRecoveryCodes(@AuthenticationPrincipal OperatorUser operator, HttpServletRequest request, Model model) {
        if (recoveryCodes.everIssued(Realm.OPERATOR, operator.id()) || !SecondFactorSession.hasRecentSecondFactor(
                SecurityContextHolder.getContext().getAuthentication(), clock.now())) {
            return "redirect:" + SecondFactorEntryPoint.returnTo(request);
        }
        return showRecoveryCodes(operator, request, model);
    }

    /** New recovery codes, the old ones void (a recent second factor: a step-up action). */
    @PostMapping("/ops/cuenta/codigos")
    String newRecoveryCodes(@AuthenticationPrincipal OperatorUser operator, HttpServletRequest request, Model model) {
        return showRecoveryCodes(operator, request, model);
    }

    /** Shown in this response only: not stored, not in the session, not in a redirect. */
    private String showRecoveryCodes(OperatorUser operator, HttpServletRequest request, Model model) {
        model.addAttribute("codes", recoveryCodes.issue(Realm.OPERATOR, operator.id(), clock.now()));
        actions.record(request, "OPERATOR_RECOVERY_CODES_ISSUED", "operator", operator.getUsername(), null, null, null);
        model.addAttribute("next", SecondFactorEntryPoint.returnTo(request));
        SecondFactorEntryPoint.wasAction(request);
        return "ops/recovery-codes";
    }

    private String enrolPage(OperatorUser operator, String secret, Model model) {
        String uri = TotpAuthenticators.keyUri("Entrega " + issuer, operator.getUsername(), secret);
        model.addAttribute("qr", KeyUriQrCode.svg(uri));
        model.addAttribute("secret", secret.replaceAll("(.{4})(?!$)", "$1 "));
        model.addAttribute("replacing", authenticators.enrolled(Realm.OPERATOR, operator.id()));
        model.addAttribute("first", !hasSecondFactor(operator));
        model.addAttribute("operatorName", operator.getUsername());
        return "ops/enrol";
    }

    private String continueAfterFactor(HttpServletRequest request, RedirectAttributes redirect) {
        String next = SecondFactorEntryPoint.returnTo(request);
        if (SecondFactorEntryPoint.wasAction(request)) {
            redirect.addFlashAttribute("notice", REPEAT_NOTICE);
        }
        return "redirect:" + next;
    }

    private boolean hasSecondFactor(OperatorUser operator) {
        return authenticators.enrolled(Realm.OPERATOR, operator.id())
                || passkeys.any(Realm.OPERATOR, operator.getUsername());
    }

    /**
     * A code checked as a password is: only when the throttle admits it (the attempt counted first), the count taken
     * back when it was right; the page's error otherwise.
     */
    private boolean rightAndAdmitted(OperatorUser operator, HttpServletRequest request, Model model, String wrong,
                                     BooleanSupplier check) {
        String key = "ops-factor:" + operator.getUsername();
        if (!throttle.admit(key, request.getRemoteAddr())) {
            model.addAttribute("error", THROTTLED);
            return false;
        }
        if (!check.getAsBoolean()) {
            model.addAttribute("error", wrong);
            return false;
        }
        throttle.succeeded(key, request.getRemoteAddr());
        return true;
    }
}
