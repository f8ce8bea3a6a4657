package co.entrega.operations;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * An operator short of a second factor (or of a recent one, for an action that asks for it) is sent to give it, and
 * comes back afterwards to the page asked for, or, after an action (a POST, not repeated behind their back), to the
 * page the action's form is on: its path without the last segment.
 */
final class SecondFactorEntryPoint implements AuthenticationEntryPoint {

    static final String RETURN_TO = SecondFactorEntryPoint.class.getName() + ".returnTo";
    static final String STEPPED_UP = SecondFactorEntryPoint.class.getName() + ".action";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        if (String.valueOf(request.getContentType()).startsWith("application/json")) {
            // A passkey page's script: it says so on the page; no page to come back to.
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        // The request's own path, matched by the console's security chain: never a place outside the console.
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean action = !HttpMethod.GET.matches(request.getMethod());
        String returnTo = action ? path.substring(0, Math.max(path.lastIndexOf('/'), 4))
                : path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        request.getSession().setAttribute(RETURN_TO, returnTo.startsWith("/ops") ? returnTo : "/ops");
        request.getSession().setAttribute(STEPPED_UP, action);
        response.sendRedirect(request.getContextPath() + "/ops/segundo-factor");
    }

    /** Where to go once the factor is given, forgotten after it is read. */
    static String returnTo(HttpServletRequest request) {
        Object returnTo = request.getSession().getAttribute(RETURN_TO);
        request.getSession().removeAttribute(RETURN_TO);
        return returnTo instanceof String path && path.startsWith("/ops") && !path.startsWith("//") ? path : "/ops";
    }

    static boolean wasAction(HttpServletRequest request) {
        Object action = request.getSession().getAttribute(STEPPED_UP);
        request.getSession().removeAttribute(STEPPED_UP);
        return Boolean.TRUE.equals(action);
    }
}
