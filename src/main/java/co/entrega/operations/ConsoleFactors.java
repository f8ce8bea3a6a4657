package co.entrega.operations;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.factors.TotpAuthenticators;

/**
 * Which factors open the console: the password and a second one, an authenticator app's code, a passkey or a
 * recovery code (Spring Security's factor authorities, each with the time it was given).
 */
final class ConsoleFactors {

    static final String TOTP = "FACTOR_TOTP";
    static final String RECOVERY_CODE = "FACTOR_RECOVERY_CODE";
    static final List<String> SECOND_FACTORS = List.of(TOTP, FactorGrantedAuthority.WEBAUTHN_AUTHORITY, RECOVERY_CODE);

    /** Where the console's passkey endpoints are ({@code co.entrega.factors.PasskeyEndpoints}). */
    static final String PASSKEYS = "/ops/segundo-factor";

    static final Duration STEP_UP = Duration.ofMinutes(15);
    /** The actions that ask for a second factor given within {@link #STEP_UP}. */
    static final String[] STEP_UP_ACTIONS = {"/ops/clientes/*/credenciales", "/ops/clientes/*/correo",
            "/ops/clientes/*/reenviar-rebotados", "/ops/correos/*/reenviar", "/ops/correos/reenviar-fallidos",
            "/ops/cuenta/codigos", "/ops/cuenta/eliminar-llave"};

    private ConsoleFactors() {
    }

    /**
     * Role OPERATOR, the password, and one second factor given within {@code validity} (any time: null). A customer
     * is refused for the role (403); an operator short of a factor is sent to give it.
     */
    static AuthorizationManager<RequestAuthorizationContext> operatorWithSecondFactor(Duration validity, Clock clock) {
        AuthorizationManager<RequestAuthorizationContext> role = AuthorityAuthorizationManager.hasRole("OPERATOR");
        @SuppressWarnings("unchecked")
        AllRequiredFactorsAuthorizationManager<RequestAuthorizationContext>[] either = SECOND_FACTORS.stream()
                .map(factor -> passwordAnd(factor, validity, clock))
                .toArray(AllRequiredFactorsAuthorizationManager[]::new);
        AuthorizationManager<RequestAuthorizationContext> factors =
                AllRequiredFactorsAuthorizationManager.anyOf(either);
        return (authentication, context) -> {
            AuthorizationResult operator = role.authorize(authentication, context);
            return operator == null || !operator.isGranted() ? operator : factors.authorize(authentication, context);
        };
    }

    /**
     * Registering a passkey: an operator with no second factor yet (the first login), or with one given within
     * {@link #STEP_UP}; the password alone must not add a factor beside an existing one.
     */
    static AuthorizationManager<RequestAuthorizationContext> enrolment(TotpAuthenticators authenticators,
                                                                       Passkeys passkeys, Clock clock) {
        AuthorizationManager<RequestAuthorizationContext> recent = operatorWithSecondFactor(STEP_UP, clock);
        return (authentication, context) -> {
            Authentication operator = authentication.get();
            if (operator != null && operator.getPrincipal() instanceof OperatorUser user
                    && operator.getAuthorities().stream().anyMatch(
                            a -> FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(a.getAuthority()))
                    && !authenticators.enrolled(Realm.OPERATOR, user.id())
                    && !passkeys.any(Realm.OPERATOR, user.getUsername())) {
                return new AuthorizationDecision(true);
            }
            return recent.authorize(authentication, context);
        };
    }

    private static AllRequiredFactorsAuthorizationManager<RequestAuthorizationContext> passwordAnd(
            String factor, Duration validity, Clock clock) {
        AllRequiredFactorsAuthorizationManager<RequestAuthorizationContext> manager =
                AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
                        .requireFactor(required -> required.passwordAuthority())
                        .requireFactor(required -> {
                            required.authority(factor);
                            if (validity != null) {
                                required.validDuration(validity);
                            }
                        })
                        .build();
        manager.setClock(clock);
        return manager;
    }
}
