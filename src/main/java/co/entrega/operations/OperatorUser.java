package co.entrega.operations;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A logged-in operator: role OPERATOR only, so no customer page opens for it (and no console page for a customer). */
final class OperatorUser implements UserDetails, CredentialsContainer {

    private final long id;
    private final String username;
    private final boolean locked;
    private final OffsetDateTime sessionStart;
    private String passwordHash;

    OperatorUser(OperatorAccounts.Operator operator) {
        this(operator.id(), operator.username(), operator.locked(), operator.passwordHash(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    private OperatorUser(long id, String username, boolean locked, String passwordHash,
                         OffsetDateTime sessionStart) {
        this.id = id;
        this.username = username;
        this.locked = locked;
        this.passwordHash = passwordHash;
        this.sessionStart = sessionStart;
    }

    /** This session, going on after its own password change at that time (older sessions end). */
    OperatorUser restartedAt(OffsetDateTime changedAt) {
        return new OperatorUser(id, username, locked, null, changedAt);
    }

    OffsetDateTime sessionStart() {
        return sessionStart;
    }

    long id() {
        return id;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"));
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
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OperatorUser user && user.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}
