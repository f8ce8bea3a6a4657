/**
 * Factors of an account besides its password: time-based one-time code authenticators (RFC 6238), single-use
 * recovery codes, and passkeys (WebAuthn, through Spring Security). An account is a {@link co.entrega.factors.Realm}
 * and its id or username; the console and the portal decide when a factor is required or offered, and answer each
 * {@link co.entrega.factors.PasskeyChanged} (an audit entry, a notice email).
 * <p>Owns: {@code totp_authenticators}, {@code recovery_codes}, {@code passkey_users}, {@code passkeys}.
 */
@ApplicationModule(allowedDependencies = {})
package co.entrega.factors;

import org.springframework.modulith.ApplicationModule;
