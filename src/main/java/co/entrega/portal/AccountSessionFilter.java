package co.entrega.portal;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import co.entrega.provisioning.Accounts;

/**
 * Two rules for every request of a logged-in customer:
 * <ul>
 * <li>a session ends when its account's password changed since it logged in (on another device, or by a reset) or
 * the account was locked: a stolen session does not outlive the victim's new password;</li>
 * <li>while the password must be changed, every request other than the change itself, logout and static files is
 * sent to the change page, whatever URL is typed.</li>
 * </ul>
 */
class AccountSessionFilter extends OncePerRequestFilter {

    static final String CHANGE_PAGE = "/cuenta/contrasena";
    private static final Set<String> ALLOWED = Set.of(CHANGE_PAGE, "/logout", "/error", "/favicon.ico");

    private final Accounts accounts;

    AccountSessionFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof PortalUser user) {
            if (!accounts.sessionStillValid(user.accountId(), user.sessionStart())) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + "/login?caducada");
                return;
            }
            if (user.mustChangePassword() && !allowed(request)) {
                response.sendRedirect(request.getContextPath() + CHANGE_PAGE);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean allowed(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ALLOWED.contains(path) || path.startsWith("/css/") || path.startsWith("/img/");
    }
}
