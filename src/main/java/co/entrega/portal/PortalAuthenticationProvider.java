package co.entrega.portal;

import java.util.UUID;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import co.entrega.provisioning.Accounts;
import co.entrega.web.LoginThrottle;
import co.entrega.web.LoginThrottledException;

/**
 * Spring Security's username/password check, plus two rules of ours: a throttled username or address is refused before
 * the password is looked at, and a temporary (emailed) password counts only when the login form came from that
 * account's unused, unexpired single-use access URL (either copy's, and with either copy's password, when the
 * activation or password email was sent twice).
 */
class PortalAuthenticationProvider extends DaoAuthenticationProvider {

    private final LoginThrottle throttle;
    private final Accounts accounts;

    PortalAuthenticationProvider(Accounts accounts, PasswordEncoder passwordEncoder, LoginThrottle throttle) {
        this(accounts, passwordEncoder, throttle, passwordEncoder.encode(UUID.randomUUID().toString()));
    }

    private PortalAuthenticationProvider(Accounts accounts, PasswordEncoder passwordEncoder, LoginThrottle throttle,
                                         String hashNothingMatches) {
        super(username -> accounts.findForLogin(username).map(account -> PortalUser.of(account, hashNothingMatches))
                .orElseThrow(() -> new UsernameNotFoundException("no such user")));
        setPasswordEncoder(passwordEncoder);
        // Spring checks "locked" and "disabled" before the password, which answers those accounts faster than any
        // other: a timing oracle. Here every known account costs one password check, and the status comes after.
        setPreAuthenticationChecks(user -> {
        });
        this.throttle = throttle;
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String address = authentication.getDetails() instanceof LoginDetails details ? details.getRemoteAddress() : null;
        if (!throttle.admit(String.valueOf(authentication.getName()), address)) {
            throw new LoginThrottledException();
        }
        return super.authenticate(authentication);
    }

    @Override
    protected void additionalAuthenticationChecks(UserDetails userDetails,
                                                  UsernamePasswordAuthenticationToken authentication) {
        PortalUser user = (PortalUser) userDetails;
        String token = authentication.getDetails() instanceof LoginDetails details ? details.activationToken() : null;
        try {
            super.additionalAuthenticationChecks(userDetails, authentication);
        } catch (BadCredentialsException wrongPassword) {
            // The password email sent twice (the first copy reached the customer before the outbox recorded it) has
            // two temporary passwords, either of which opens the access URL; only the newest is on record.
            if (!user.temporaryPassword() || token == null || authentication.getCredentials() == null
                    || !accounts.matchesOtherTemporaryPassword(user.accountId(), token,
                            authentication.getCredentials().toString())) {
                throw wrongPassword;
            }
        }
        if (!user.isAccountNonLocked() || !user.isEnabled()) {
            // Same exception (and so the same message) as a wrong password.
            throw new BadCredentialsException("account locked or without a password");
        }
        if (user.temporaryPassword()) {
            if (!accounts.consumeActivation(user.accountId(), token)) {
                throw new BadCredentialsException("temporary password used without its access URL");
            }
        }
    }
}
