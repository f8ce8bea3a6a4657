package co.entrega.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first operator, created at start-up when there is none.
 *
 * @param username the first operator's username
 * @param password the first operator's password (an environment variable in production); blank: one is generated and
 *                 printed once in the log
 */
@ConfigurationProperties("entrega.operator")
public record OperatorProperties(@DefaultValue("operador") String username, @DefaultValue("") String password) {
}
