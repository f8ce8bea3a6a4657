package co.entrega.provisioning;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a customer's first access works.
 *
 * @param mode                      {@code password-email}: the activation email plus a second email with a temporary
 *                                  password (what the issuer's customers know); {@code set-password-link}: no password
 *                                  is ever emailed, the single-use link lets the customer choose one (OWASP ASVS 2.5.1)
 * @param tokenTtl                  how long the activation link (and the temporary password) stay valid
 * @param temporaryPasswordLength   length of generated temporary passwords
 * @param resetTokenTtl             how long a forgotten-password link stays valid
 */
@Validated
@ConfigurationProperties("entrega.onboarding")
public record OnboardingProperties(
        @NotNull @DefaultValue("password-email") Mode mode,
        @DefaultValue("15d") Duration tokenTtl,
        @Min(12) @DefaultValue("16") int temporaryPasswordLength,
        @DefaultValue("1h") Duration resetTokenTtl) {

    public enum Mode {
        PASSWORD_EMAIL, SET_PASSWORD_LINK
    }
}
