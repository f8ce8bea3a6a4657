package co.entrega.portal;

import java.time.Duration;

import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** A customer who logged in (a password or a passkey, Spring Security's factor authorities) within a while. */
final class RecentLogin {

    static final Duration PASSKEY_REGISTRATION = Duration.ofMinutes(15);

    private RecentLogin() {
    }

    static AuthorizationManager<RequestAuthorizationContext> customerWithin(Duration validity) {
        AuthorizationManager<RequestAuthorizationContext> role = AuthorityAuthorizationManager.hasRole("CUSTOMER");
        AuthorizationManager<RequestAuthorizationContext> recent = AllRequiredFactorsAuthorizationManager.anyOf(
                AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
                        .requireFactor(f -> f.authority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                                .validDuration(validity))
                        .build(),
                AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
                        .requireFactor(f -> f.authority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)
                                .validDuration(validity))
                        .build());
        return (authentication, context) -> {
            AuthorizationResult customer = role.authorize(authentication, context);
            return customer == null || !customer.isGranted() ? customer : recent.authorize(authentication, context);
        };
    }
}
