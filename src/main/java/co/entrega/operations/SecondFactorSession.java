package co.entrega.operations;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Adds a factor just given to the operator's authentication, with the time it was given, as Spring Security's own
 * multi-factor filters do, and gives the session a new id: its privileges changed (OWASP ASVS 7.2.4).
 */
@Component
class SecondFactorSession {

    private final SecurityContextRepository contexts;
    private final ConsoleClock clock;

    SecondFactorSession(SecurityContextRepository contexts, ConsoleClock clock) {
        this.contexts = contexts;
        this.clock = clock;
    }

    void grant(String factor, HttpServletRequest request, HttpServletResponse response) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (GrantedAuthority authority : current.getAuthorities()) {
            if (!factor.equals(authority.getAuthority())) {
                authorities.add(authority);
            }
        }
        authorities.add(FactorGrantedAuthority.withAuthority(factor).issuedAt(clock.now()).build());
        replace(current.getPrincipal(), authorities, current.getDetails(), request, response);
    }

    /** The same factors for another principal object (the operator's session restarted after a password change). */
    void replacePrincipal(Object principal, HttpServletRequest request, HttpServletResponse response) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        replace(principal, new ArrayList<>(current.getAuthorities()), current.getDetails(), request, response);
    }

    /** Whether the operator gave a second factor within the step-up window (a second enrolment asks for one). */
    static boolean hasRecentSecondFactor(Authentication authentication, java.time.Instant now) {
        return authentication.getAuthorities().stream()
                .anyMatch(authority -> authority instanceof FactorGrantedAuthority factor
                        && ConsoleFactors.SECOND_FACTORS.contains(factor.getAuthority())
                        && factor.getIssuedAt().plus(ConsoleFactors.STEP_UP).isAfter(now));
    }

    private void replace(Object principal, List<GrantedAuthority> authorities, Object details,
                         HttpServletRequest request, HttpServletResponse response) {
        request.changeSessionId();
        UsernamePasswordAuthenticationToken next =
                UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        next.setDetails(details);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(next);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
