package co.entrega.factors;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsFilter;
import org.springframework.security.web.webauthn.registration.WebAuthnRegistrationFilter;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Spring Security's four WebAuthn filters, as {@code http.webAuthn()} installs them, but under a path of the chain's
 * own (the console's chain sees only /ops/**), with one realm's passkeys, the chain's session repository, a new session
 * id at login, and the caller's authentication provider (which decides who the passkey logs in).
 * Paths: {@code <base>/webauthn/register/options}, {@code <base>/webauthn/register},
 * {@code <base>/webauthn/authenticate/options}, {@code <base>/login/webauthn}, all POST. The filter's DELETE is
 * refused (its default): passkeys are removed by the account pages' forms, which work without script.
 */
public final class PasskeyEndpoints {

    private PasskeyEndpoints() {
    }

    /**
     * @param secondFactor the passkey is added to the login already there (Spring Security's MFA), not instead of
     *                     it
     */
    public static void install(HttpSecurity http, String base, Passkeys passkeys, Realm realm,
                               AuthenticationProvider login, AuthenticationSuccessHandler success,
                               AuthenticationFailureHandler failure, SecurityContextRepository contexts,
                               boolean secondFactor) {
        var relyingParty = passkeys.relyingParty(realm);
        WebAuthnAuthenticationFilter authentication = new WebAuthnAuthenticationFilter();
        authentication.setRequiresAuthenticationRequestMatcher(pathPattern(HttpMethod.POST, base + "/login/webauthn"));
        authentication.setAuthenticationManager(new ProviderManager(login));
        authentication.setAuthenticationSuccessHandler(success);
        authentication.setAuthenticationFailureHandler(failure);
        authentication.setSecurityContextRepository(contexts);
        authentication.setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
        authentication.setMfaEnabled(secondFactor);

        WebAuthnRegistrationFilter registration =
                new WebAuthnRegistrationFilter(passkeys.credentials(realm), relyingParty);
        registration.setRegisterCredentialMatcher(pathPattern(HttpMethod.POST, base + "/webauthn/register"));
        registration.setRemoveCredentialMatcher(pathPattern(HttpMethod.DELETE, base + "/webauthn/register/{id}"));
        PublicKeyCredentialCreationOptionsFilter creationOptions =
                new PublicKeyCredentialCreationOptionsFilter(relyingParty);
        creationOptions.setRequestMatcher(pathPattern(HttpMethod.POST, base + "/webauthn/register/options"));
        PublicKeyCredentialRequestOptionsFilter requestOptions =
                new PublicKeyCredentialRequestOptionsFilter(relyingParty);
        requestOptions.setRequestMatcher(pathPattern(HttpMethod.POST, base + "/webauthn/authenticate/options"));

        http.addFilterBefore(authentication, BasicAuthenticationFilter.class);
        http.addFilterAfter(registration, AuthorizationFilter.class);
        http.addFilterBefore(creationOptions, AuthorizationFilter.class);
        http.addFilterBefore(requestOptions, AuthorizationFilter.class);
    }
}
