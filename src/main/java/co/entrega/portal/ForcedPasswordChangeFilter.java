package co.entrega.portal;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While an account must change its password, every request other than the change itself, logout and static files is
 * sent to the change page, whatever URL is typed.
 */
class ForcedPasswordChangeFilter extends OncePerRequestFilter {

    static final String CHANGE_PAGE = "/cuenta/contrasena";
    private static final Set<String> ALLOWED = Set.of(CHANGE_PAGE, "/logout", "/error", "/favicon.ico");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof PortalUser user
                && user.mustChangePassword() && !allowed(request)) {
            response.sendRedirect(request.getContextPath() + CHANGE_PAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean allowed(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ALLOWED.contains(path) || path.startsWith("/css/") || path.startsWith("/img/");
    }
}
