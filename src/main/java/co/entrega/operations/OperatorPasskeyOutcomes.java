package co.entrega.operations;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import co.entrega.factors.Realm;
import co.entrega.factors.RecoveryCodes;

/**
 * Answers to the operator's passkey, which the page's script follows: after the first factor ever enrolled, its
 * recovery codes; else where the operator was going (the page of an action that asked for a recent factor).
 */
final class OperatorPasskeyOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    static final String FIRST_CODES = "/ops/segundo-factor/codigos-iniciales";

    private final RecoveryCodes recoveryCodes;

    OperatorPasskeyOutcomes(RecoveryCodes recoveryCodes) {
        this.recoveryCodes = recoveryCodes;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        OperatorUser operator = (OperatorUser) authentication.getPrincipal();
        String next;
        if (!recoveryCodes.everIssued(Realm.OPERATOR, operator.id())) {
            next = FIRST_CODES;
        } else {
            next = SecondFactorEntryPoint.returnTo(request);
            if (SecondFactorEntryPoint.wasAction(request)) {
                // The notice the TOTP form gives too, as a flash attribute for the next page (Spring MVC's default
                // flash map manager keeps them in the session, where this filter puts it).
                FlashMap flash = new FlashMap();
                flash.put("notice", SecondFactorPages.REPEAT_NOTICE);
                flash.setTargetRequestPath(request.getContextPath() + next.replaceFirst("\\?.*", ""));
                new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
            }
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // A path of ours under /ops (SecondFactorEntryPoint), without quotes or backslashes.
        response.getWriter().write("{\"authenticated\":true,\"redirectUrl\":\""
                + request.getContextPath() + next.replace("\"", "").replace("\\", "") + "\"}");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"authenticated\":false}");
    }
}
