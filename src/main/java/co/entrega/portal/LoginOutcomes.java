package co.entrega.portal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import co.entrega.web.LoginThrottle;
import co.entrega.web.LoginThrottledException;

/**
 * Where a login leads. Success: the password change if it is due, else the page the customer was going to (the
 * document of an emailed link) or the invoices. Failure: the same message whether the user exists or not, and back to
 * the form the customer used (the plain login or the single-use access URL).
 */
@Component
class LoginOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(LoginOutcomes.class);

    private final LoginThrottle throttle;
    private final RequestCache requestCache;

    LoginOutcomes(LoginThrottle throttle, RequestCache requestCache) {
        this.throttle = throttle;
        this.requestCache = requestCache;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        PortalUser user = (PortalUser) authentication.getPrincipal();
        throttle.succeeded(user.getUsername(), request.getRemoteAddr());
        log.info("login: account {} from {}", user.accountId(), request.getRemoteAddr());
        if (user.mustChangePassword()) {
            response.sendRedirect(request.getContextPath() + AccountSessionFilter.CHANGE_PAGE);
            return;
        }
        response.sendRedirect(afterLogin(request, response));
    }

    /** The page the customer was on the way to before logging in, else the invoices; consumed once. */
    String afterLogin(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        if (saved != null && "GET".equals(saved.getMethod())) {
            String path = UriComponentsBuilder.fromUriString(saved.getRedirectUrl()).build().getPath();
            if (path != null && path.startsWith("/facturas")) {
                return request.getContextPath() + path;
            }
        }
        return request.getContextPath() + "/facturas";
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        // The attempt was counted before its password was checked (LoginThrottle.admit).
        boolean throttled = failure instanceof LoginThrottledException;
        log.info("login failed ({}) from {}", throttled ? "throttled" : "bad credentials", request.getRemoteAddr());
        String token = request.getParameter("token");
        String form = token != null && !token.isBlank() && token.length() <= 100
                ? "/acceso/" + UriComponentsBuilder.fromPath("{t}").buildAndExpand(token).encode().toUriString()
                : "/login";
        response.sendRedirect(request.getContextPath() + form + (throttled ? "?bloqueo" : "?error"));
    }
}
