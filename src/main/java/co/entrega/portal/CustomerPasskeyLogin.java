package co.entrega.portal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

import co.entrega.provisioning.Accounts;

/**
 * A customer logs in with a passkey instead of the password: Spring Security's relying party checks the signature
 * (webauthn4j), then the account is the same {@link PortalUser} a password login gives, with the WebAuthn factor. A
 * locked account, or one that has not chosen its own password yet, is refused as a wrong passkey is.
 */
final class CustomerPasskeyLogin implements AuthenticationProvider {

    private final WebAuthnRelyingPartyOperations relyingParty;
    private final Accounts accounts;

    CustomerPasskeyLogin(WebAuthnRelyingPartyOperations relyingParty, Accounts accounts) {
        this.relyingParty = relyingParty;
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        WebAuthnAuthenticationRequestToken request = (WebAuthnAuthenticationRequestToken) authentication;
        PublicKeyCredentialUserEntity passkeyUser;
        try {
            passkeyUser = relyingParty.authenticate(request.getWebAuthnRequest());
        } catch (RuntimeException refused) {
            throw new BadCredentialsException("passkey refused: " + refused.getMessage(), refused);
        }
        PortalUser user = accounts.findForLogin(passkeyUser.getName()).map(account -> PortalUser.of(account, null))
                .orElseThrow(() -> new BadCredentialsException("no account for the passkey"));
        if (!user.isAccountNonLocked() || !user.isEnabled() || user.mustChangePassword()) {
            throw new BadCredentialsException("account locked or without a password of its own");
        }
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY));
        user.eraseCredentials();
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(user, null,
                authorities);
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }
}
