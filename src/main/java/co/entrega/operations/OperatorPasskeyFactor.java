package co.entrega.operations;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * An operator's passkey as the second factor, after the password: only for the operator already logged in with it
 * (never a login by itself, never another operator's passkey). The result keeps the session's operator, and Spring
 * Security's multi-factor support adds the password factor it already had.
 */
final class OperatorPasskeyFactor implements AuthenticationProvider {

    private final WebAuthnRelyingPartyOperations relyingParty;

    OperatorPasskeyFactor(WebAuthnRelyingPartyOperations relyingParty) {
        this.relyingParty = relyingParty;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null || !(current.getPrincipal() instanceof OperatorUser operator)
                || current.getAuthorities().stream()
                .noneMatch(a -> FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(a.getAuthority()))) {
            throw new BadCredentialsException("a passkey is the operator's second factor, after the password");
        }
        PublicKeyCredentialUserEntity passkeyUser;
        try {
            passkeyUser = relyingParty.authenticate(
                    ((WebAuthnAuthenticationRequestToken) authentication).getWebAuthnRequest());
        } catch (RuntimeException refused) {
            throw new BadCredentialsException("passkey refused: " + refused.getMessage(), refused);
        }
        if (!passkeyUser.getName().equals(operator.getUsername())) {
            throw new BadCredentialsException("another operator's passkey");
        }
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(operator, null,
                List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"),
                        FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)));
        result.setDetails(current.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }
}
