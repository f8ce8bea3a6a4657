/**
 * Portal accounts: usernames, one-time activation and reset tokens, temporary and chosen passwords.
 * <p>Owns: {@code portal_accounts}, {@code account_credentials}.
 */
@ApplicationModule(allowedDependencies = {"customers"})
package co.entrega.provisioning;

import org.springframework.modulith.ApplicationModule;
