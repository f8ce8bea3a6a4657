package co.entrega.portal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The answers to a passkey login, which the page's script reads: where to go ({@link LoginOutcomes#afterLogin}, as
 * after a password), or that it failed, the same for every cause.
 */
final class PasskeyLoginOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(PasskeyLoginOutcomes.class);

    private final LoginOutcomes outcomes;

    PasskeyLoginOutcomes(LoginOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        PortalUser user = (PortalUser) authentication.getPrincipal();
        log.info("login with a passkey: account {} from {}", user.accountId(), request.getRemoteAddr());
        // A path of ours (the invoices, or one of their pages), so nothing in it needs escaping in JSON.
        String next = outcomes.afterLogin(request, response);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"authenticated\":true,\"redirectUrl\":\"" + next.replace("\"", "") + "\"}");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        log.info("passkey login refused from {}: {}", request.getRemoteAddr(), failure.getMessage());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"authenticated\":false}");
    }
}
