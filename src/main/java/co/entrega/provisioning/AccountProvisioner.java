package co.entrega.provisioning;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates portal accounts and issues their one-time credentials. The username is the customer's NIT: unique, already
 * known to the customer, and what Colombian invoice portals customarily use. Secrets are generated at the moment
 * the email carrying them is sent, stored only as hashes, and returned once to be put in that email.
 */
@Service
public class AccountProvisioner {

    private final AccountRepository accounts;
    private final OneTimeSecrets secrets;
    private final PasswordEncoder passwordEncoder;
    private final OnboardingProperties onboarding;

    AccountProvisioner(AccountRepository accounts, OneTimeSecrets secrets, PasswordEncoder passwordEncoder,
                       OnboardingProperties onboarding) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.passwordEncoder = passwordEncoder;
        this.onboarding = onboarding;
    }

    public record Provisioned(PortalAccount account, boolean created) {
    }

    /** The customer's account, created now if it has none. */
    public Provisioned ensureAccount(long customerId, String customerNit) {
        Optional<PortalAccount> existing = accounts.findByCustomer(customerId);
        return existing.map(account -> new Provisioned(account, false))
                .orElseGet(() -> new Provisioned(accounts.insert(customerId, customerNit), true));
    }

    /** A new activation token (any earlier one stops working); returns the token for the email. */
    public String issueActivationToken(long accountId) {
        String token = secrets.newToken();
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(onboarding.tokenTtl());
        accounts.storeActivation(accountId, OneTimeSecrets.hashToken(token), expiresAt);
        return token;
    }

    /** A new temporary password (valid only with the activation link, until it expires); returned for the email. */
    public String issueTemporaryPassword(long accountId) {
        String password = secrets.newTemporaryPassword(onboarding.temporaryPasswordLength());
        accounts.storeTemporaryPassword(accountId, passwordEncoder.encode(password));
        return password;
    }

    public OnboardingProperties.Mode mode() {
        return onboarding.mode();
    }

    public java.time.Duration tokenTtl() {
        return onboarding.tokenTtl();
    }
}
