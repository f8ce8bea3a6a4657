package co.entrega.factors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * Spring Security's WebAuthn user entities (the random user handle behind each username) over {@code passkey_users},
 * for one realm: every query names it. (Spring's JDBC repositories have fixed table names and no realm.)
 */
final class PasskeyUsers implements PublicKeyCredentialUserEntityRepository {

    private final Realm realm;
    private final JdbcClient jdbc;

    PasskeyUsers(Realm realm, JdbcClient jdbc) {
        this.realm = realm;
        this.jdbc = jdbc;
    }

    @Override
    public PublicKeyCredentialUserEntity findById(Bytes id) {
        return jdbc.sql("SELECT user_handle, username, display_name FROM passkey_users "
                        + "WHERE user_handle = :h AND realm = :realm")
                .param("h", id.toBase64UrlString()).param("realm", realm.name())
                .query(PasskeyUsers::userEntity).optional().orElse(null);
    }

    @Override
    public PublicKeyCredentialUserEntity findByUsername(String username) {
        return jdbc.sql("SELECT user_handle, username, display_name FROM passkey_users "
                        + "WHERE username = :u AND realm = :realm")
                .param("u", username).param("realm", realm.name())
                .query(PasskeyUsers::userEntity).optional().orElse(null);
    }

    @Override
    public void save(PublicKeyCredentialUserEntity user) {
        int updated = jdbc.sql("UPDATE passkey_users SET username = :u, display_name = :d "
                        + "WHERE user_handle = :h AND realm = :realm")
                .param("u", user.getName()).param("d", user.getDisplayName())
                .param("h", user.getId().toBase64UrlString()).param("realm", realm.name()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO passkey_users (user_handle, realm, username, display_name, created_at) "
                            + "VALUES (:h, :realm, :u, :d, :now)")
                    .param("h", user.getId().toBase64UrlString()).param("realm", realm.name())
                    .param("u", user.getName()).param("d", user.getDisplayName())
                    .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        }
    }

    /** Spring Security never deletes a user entity; an account's passkeys are removed one by one. */
    @Override
    public void delete(Bytes id) {
        throw new UnsupportedOperationException("a passkey user is kept; its passkeys are removed one by one");
    }

    private static PublicKeyCredentialUserEntity userEntity(ResultSet rs, int row) throws SQLException {
        return ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.fromBase64(rs.getString(1)))
                .name(rs.getString(2)).displayName(rs.getString(3)).build();
    }
}
