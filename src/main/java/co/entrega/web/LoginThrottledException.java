package co.entrega.web;

import org.springframework.security.core.AuthenticationException;

/** Too many failed logins for this username or address: the password is not even checked. */
public class LoginThrottledException extends AuthenticationException {

    public LoginThrottledException() {
        super("too many failed logins");
    }
}
