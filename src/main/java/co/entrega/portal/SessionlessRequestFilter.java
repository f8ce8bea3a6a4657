package co.entrega.portal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the session from the rest of a request that has no use for one (a static file): nothing downstream can read
 * it (Spring MVC looks for flash attributes in the session of every request it handles, which would load the session
 * from the database and move its last access) or create one.
 */
class SessionlessRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public HttpSession getSession(boolean create) {
                if (create) {
                    throw new IllegalStateException("no session for " + request.getRequestURI());
                }
                return null;
            }

            @Override
            public HttpSession getSession() {
                return getSession(true);
            }

            @Override
            public boolean isRequestedSessionIdValid() {
                return false;
            }
        }, response);
    }
}
