package co.entrega.portal;

import org.springframework.security.core.AuthenticationException;

/** Too many failed logins for this username or address: the password is not even checked. */
class LoginThrottledException extends AuthenticationException {

    LoginThrottledException() {
        super("too many failed logins");
    }
}
