package co.entrega.operations;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** An operator's session ends when the operator is locked or their password changed since it started. */
class OperatorSessionFilter extends OncePerRequestFilter {

    private final OperatorAccounts operators;

    OperatorSessionFilter(OperatorAccounts operators) {
        this.operators = operators;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof OperatorUser operator
                && !operators.sessionStillValid(operator.getUsername(), operator.sessionStart())) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/ops/login?salida");
            return;
        }
        chain.doFilter(request, response);
    }
}
