package co.entrega.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first operator, created at start-up when there is none.
 *
 * @param username the first operator's username
 * @param password the first operator's password (an environment variable in production); blank: one is generated and
 *                 printed once in the log
 * @param resetSecondFactor an operator who lost both the authenticator app and the recovery codes: at start-up their
 *                          second factor is removed (audited), and they enrol a new one at their next login. Remove
 *                          the setting once they have: every start with it removes the factor again
 */
@ConfigurationProperties("entrega.operator")
public record OperatorProperties(@DefaultValue("operador") String username, @DefaultValue("") String password,
                                 @DefaultValue("") String resetSecondFactor) {
}
