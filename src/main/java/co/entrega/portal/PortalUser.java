package co.entrega.portal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import co.entrega.provisioning.LoginAccount;

/**
 * A logged-in customer. Carries the customer id every query is scoped by, and whether the password must be changed
 * before anything else is reachable.
 */
final class PortalUser implements UserDetails, CredentialsContainer {

    static final SimpleGrantedAuthority CUSTOMER = new SimpleGrantedAuthority("ROLE_CUSTOMER");

    private final long accountId;
    private final long customerId;
    private final String username;
    private final boolean mustChangePassword;
    private final boolean temporaryPassword;
    private final boolean locked;
    private final boolean enabled;
    private final OffsetDateTime sessionStart;
    private String passwordHash;

    private PortalUser(long accountId, long customerId, String username, String passwordHash,
                       boolean mustChangePassword, boolean temporaryPassword, boolean locked, boolean enabled,
                       OffsetDateTime sessionStart) {
        this.sessionStart = sessionStart;
        this.accountId = accountId;
        this.customerId = customerId;
        this.username = username;
        this.passwordHash = passwordHash;
        this.mustChangePassword = mustChangePassword;
        this.temporaryPassword = temporaryPassword;
        this.locked = locked;
        this.enabled = enabled;
    }

    /**
     * @param hashIfNone the hash to check against when the account has no password yet (set-password-link mode before
     *                   the customer chose one): nothing matches it, and checking it costs what a real check costs
     */
    static PortalUser of(LoginAccount account, String hashIfNone) {
        boolean hasPassword = account.passwordHash() != null;
        return new PortalUser(account.id(), account.customerId(), account.username(),
                hasPassword ? account.passwordHash() : hashIfNone, account.mustChangePassword(),
                account.temporaryPassword(), account.locked(), hasPassword,
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** The same customer once the password has been changed (at that time, which this session now starts from). */
    PortalUser withPasswordChanged(OffsetDateTime changedAt) {
        return new PortalUser(accountId, customerId, username, null, false, false, locked, true, changedAt);
    }

    /** When this session logged in (or last changed its password): sessions of the account older than a change end. */
    OffsetDateTime sessionStart() {
        return sessionStart;
    }

    long accountId() {
        return accountId;
    }

    long customerId() {
        return customerId;
    }

    boolean mustChangePassword() {
        return mustChangePassword;
    }

    boolean temporaryPassword() {
        return temporaryPassword;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(CUSTOMER);
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PortalUser user && user.accountId == accountId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(accountId);
    }
}
