package co.entrega.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import co.entrega.factors.Passkeys;
import co.entrega.factors.Realm;
import co.entrega.factors.RecoveryCodes;
import co.entrega.factors.TotpAuthenticators;

/**
 * The way back for an operator who lost the app and every recovery code: whoever runs the service (not another
 * operator, whose password alone must not be enough) sets {@code entrega.operator.reset-second-factor}.
 */
@Component
class SecondFactorReset {

    private static final Logger log = LoggerFactory.getLogger(SecondFactorReset.class);

    private final OperatorProperties properties;
    private final OperatorAccounts operators;
    private final TotpAuthenticators authenticators;
    private final RecoveryCodes recoveryCodes;
    private final AuditLog audit;
    private final Passkeys passkeys;

    SecondFactorReset(OperatorProperties properties, OperatorAccounts operators, TotpAuthenticators authenticators,
                      RecoveryCodes recoveryCodes, AuditLog audit, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.properties = properties;
        this.operators = operators;
        this.authenticators = authenticators;
        this.recoveryCodes = recoveryCodes;
        this.audit = audit;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void resetIfAsked() {
        String username = properties.resetSecondFactor().strip();
        if (username.isEmpty()) {
            return;
        }
        operators.find(username).ifPresentOrElse(operator -> {
            authenticators.remove(Realm.OPERATOR, operator.id());
            recoveryCodes.removeAll(Realm.OPERATOR, operator.id());
            passkeys.removeAll(Realm.OPERATOR, username);
            // A session opened with the lost factor ends too.
            operators.endSessions(username);
            audit.record("servidor", "OPERATOR_SECOND_FACTOR_RESET", "operator", username, null, null,
                    "entrega.operator.reset-second-factor", null);
            log.warn("Second factors (app, passkeys, recovery codes) of operator '{}' removed "
                    + "(entrega.operator.reset-second-factor): they enrol a new one at their next login. Remove the "
                    + "setting now; every start with it removes the factors again.",
                    username);
        }, () -> log.warn("entrega.operator.reset-second-factor names no operator: '{}'", username));
    }
}
