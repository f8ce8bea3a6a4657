/**
 * What the portal and the console share to keep their logins safe: the password policy, login throttling, the
 * security headers.
 * <p>Owns: {@code login_throttle}.
 */
@ApplicationModule(allowedDependencies = {"provisioning"})
package co.entrega.web;

import org.springframework.modulith.ApplicationModule;
