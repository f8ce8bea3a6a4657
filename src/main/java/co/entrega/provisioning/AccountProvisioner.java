package co.entrega.provisioning;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates portal accounts and issues their one-time credentials. The username is the customer's NIT: unique, already
 * known to the customer, and what Colombian invoice portals customarily use. Secrets are generated at the moment
 * the email carrying them is sent, stored only as hashes (table account_credentials, one row per copy: the same email
 * sent twice carries two, and either works), and returned once to be put in that email.
 */
@Service
public class AccountProvisioner {

    private static final Logger log = LoggerFactory.getLogger(AccountProvisioner.class);

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

    /** A new activation token, outside any email (any earlier one stops working); returns the token. */
    @Transactional
    public String issueActivationToken(long accountId) {
        return issueActivationToken(accountId, null);
    }

    /**
     * The activation token for the email {@code outboxId} being composed; returned for that email. When that email
     * issued the current one already (it is being sent again: the SMTP server may have taken the first copy before
     * the outbox recorded it), the new token is one more copy and the earlier ones keep working until the URL is used;
     * once it has been used, the new copy is stored nowhere (it leads to the used-link page). Another, newer email
     * replaces every earlier copy.
     */
    @Transactional
    public String issueActivationToken(long accountId, Long outboxId) {
        String token = secrets.newToken();
        String hash = OneTimeSecrets.hashToken(token);
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(onboarding.tokenTtl());
        AccountRepository.CredentialState state = accounts.lockForIssuing(accountId);
        switch (issue(state.activationOutboxId(), outboxId)) {
            case REPLACE -> accounts.replaceActivation(accountId, hash, expiresAt, outboxId);
            case ADD_COPY -> {
                if (state.activationUsed()) {
                    spent("access URL", accountId, outboxId);
                } else {
                    accounts.addActivationCopy(accountId, hash, expiresAt, outboxId);
                }
            }
            case NONE -> spent("access URL", accountId, outboxId);
        }
        return token;
    }

    /** A new temporary password, outside any email (any earlier one stops working); returns the password. */
    @Transactional
    public String issueTemporaryPassword(long accountId) {
        return issueTemporaryPassword(accountId, null);
    }

    /**
     * The temporary password (valid only with an unused access URL, until it expires) for the email {@code outboxId}
     * being composed; returned for that email. As for the activation token, the same email sent again adds a copy
     * (either password works until the customer chooses one), stored nowhere once the customer has chosen a
     * password; another, newer email replaces every earlier copy.
     */
    @Transactional
    public String issueTemporaryPassword(long accountId, Long outboxId) {
        String password = secrets.newTemporaryPassword(onboarding.temporaryPasswordLength());
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(onboarding.tokenTtl());
        AccountRepository.CredentialState state = accounts.lockForIssuing(accountId);
        switch (issue(state.passwordOutboxId(), outboxId)) {
            case REPLACE -> accounts.replaceTemporaryPassword(accountId, passwordEncoder.encode(password), expiresAt,
                    outboxId);
            case ADD_COPY -> {
                if (state.temporaryPassword()) {
                    accounts.addTemporaryPasswordCopy(accountId, passwordEncoder.encode(password), expiresAt, outboxId);
                } else {
                    spent("temporary password", accountId, outboxId);
                }
            }
            case NONE -> spent("temporary password", accountId, outboxId);
        }
        return password;
    }

    private enum Issue { REPLACE, ADD_COPY, NONE }

    private static void spent(String what, long accountId, Long outboxId) {
        log.info("Email {} sent again for account {} after its {} was used or replaced: this copy's is stored nowhere",
                outboxId, accountId, what);
    }

    /**
     * @param current the email that issued the account's current credential of this kind (null: none or unknown)
     * @param sending the email being composed now (null: none)
     */
    private static Issue issue(Long current, Long sending) {
        if (sending == null || current == null || sending > current) {
            return Issue.REPLACE;
        }
        // The same email again; or an older one that lost a race with a newer (a reissue): it must not undo it.
        return sending.equals(current) ? Issue.ADD_COPY : Issue.NONE;
    }

    public OnboardingProperties.Mode mode() {
        return onboarding.mode();
    }

    public Duration tokenTtl() {
        return onboarding.tokenTtl();
    }
}
