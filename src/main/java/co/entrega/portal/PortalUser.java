package co.entrega.portal;

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
    private String passwordHash;

    private PortalUser(long accountId, long customerId, String username, String passwordHash,
                       boolean mustChangePassword, boolean temporaryPassword, boolean locked) {
        this.accountId = accountId;
        this.customerId = customerId;
        this.username = username;
        this.passwordHash = passwordHash;
        this.mustChangePassword = mustChangePassword;
        this.temporaryPassword = temporaryPassword;
        this.locked = locked;
        // An account whose customer has not chosen a password yet (set-password-link mode) cannot log in.
        this.enabled = passwordHash != null || !mustChangePassword;
    }

    static PortalUser of(LoginAccount account) {
        return new PortalUser(account.id(), account.customerId(), account.username(), account.passwordHash(),
                account.mustChangePassword(), account.temporaryPassword(), account.locked());
    }

    /** The same customer once the password has been changed. */
    PortalUser withPasswordChanged() {
        return new PortalUser(accountId, customerId, username, null, false, false, locked);
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
