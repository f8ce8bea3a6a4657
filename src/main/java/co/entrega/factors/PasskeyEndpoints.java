package co.entrega.factors;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.webauthn.authentication.HttpSessionPublicKeyCredentialRequestOptionsRepository;
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
        // A new session id and a new CSRF token, as after a form login.
        authentication.setSessionAuthenticationStrategy(new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository()))));
        // Each realm's challenges under its own name: a portal tab and a console tab do not overwrite each other's.
        HttpSessionPublicKeyCredentialRequestOptionsRepository requestOptionsStore =
                new HttpSessionPublicKeyCredentialRequestOptionsRepository();
        requestOptionsStore.setAttrName(PasskeyEndpoints.class.getName() + ".requestOptions." + realm);
        authentication.setRequestOptionsRepository(requestOptionsStore);
        OwnCreationOptions creationOptionsStore = new OwnCreationOptions(realm);
        authentication.setMfaEnabled(secondFactor);

        WebAuthnRegistrationFilter registration =
                new WebAuthnRegistrationFilter(passkeys.credentials(realm), relyingParty);
        registration.setRegisterCredentialMatcher(pathPattern(HttpMethod.POST, base + "/webauthn/register"));
        registration.setRemoveCredentialMatcher(pathPattern(HttpMethod.DELETE, base + "/webauthn/register/{id}"));
        registration.setCreationOptionsRepository(creationOptionsStore);
        PublicKeyCredentialCreationOptionsFilter creationOptions =
                new PublicKeyCredentialCreationOptionsFilter(relyingParty);
        creationOptions.setRequestMatcher(pathPattern(HttpMethod.POST, base + "/webauthn/register/options"));
        creationOptions.setCreationOptionsRepository(creationOptionsStore);
        PublicKeyCredentialRequestOptionsFilter requestOptions =
                new PublicKeyCredentialRequestOptionsFilter(relyingParty);
        requestOptions.setRequestMatcher(pathPattern(HttpMethod.POST, base + "/webauthn/authenticate/options"));
        requestOptions.setRequestOptionsRepository(requestOptionsStore);

        http.addFilterBefore(authentication, BasicAuthenticationFilter.class);
        // All three after authorization (http.webAuthn() puts the options before it): the chain's rules decide who
        // may ask for options too, so a customer's session makes no operator's passkey user, nor the other way.
        http.addFilterAfter(registration, AuthorizationFilter.class);
        http.addFilterAfter(creationOptions, AuthorizationFilter.class);
        http.addFilterAfter(requestOptions, AuthorizationFilter.class);
    }
}
