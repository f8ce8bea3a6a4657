/**
 * Second factors of an account: time-based one-time code authenticators (RFC 6238) and single-use recovery codes.
 * An account is a {@link co.entrega.factors.Realm} and its id; the console (operators) decides when a factor is
 * required and records each change in its audit log.
 * <p>Owns: {@code totp_authenticators}, {@code recovery_codes}.
 */
@ApplicationModule(allowedDependencies = {})
package co.entrega.factors;

import org.springframework.modulith.ApplicationModule;
