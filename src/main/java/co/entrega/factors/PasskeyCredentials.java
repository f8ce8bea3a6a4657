package co.entrega.factors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Security's WebAuthn credentials over {@code passkeys}, for one realm: every query names it, so a passkey of
 * the other realm is not found. A credential saved for the first time, or deleted, is published as a
 * {@link PasskeyChanged} in the same transaction.
 */
final class PasskeyCredentials implements UserCredentialRepository {

    private final Realm realm;
    private final JdbcClient jdbc;
    private final PasskeyUsers users;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    PasskeyCredentials(Realm realm, JdbcClient jdbc, PasskeyUsers users, TransactionTemplate transactions,
                       ApplicationEventPublisher events) {
        this.realm = realm;
        this.jdbc = jdbc;
        this.users = users;
        this.transactions = transactions;
        this.events = events;
    }

    private static final String SELECT_CREDENTIAL = "SELECT credential_id, user_handle, public_key, signature_count, "
            + "uv_initialized, backup_eligible, backup_state, transports, credential_type, label, created_at, "
            + "last_used_at, attestation_object, attestation_client_data_json FROM passkeys ";

    /** Inserts a new credential (published), or records a use of a known one (its signature count, the time). */
    @Override
    public void save(CredentialRecord credential) {
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.sql("UPDATE passkeys SET signature_count = :count, uv_initialized = :uv, "
                            + "backup_state = :bs, last_used_at = :used, label = :label "
                            + "WHERE credential_id = :id AND realm = :realm")
                    .param("count", credential.getSignatureCount()).param("uv", credential.isUvInitialized())
                    .param("bs", credential.isBackupState())
                    .param("used", OffsetDateTime.ofInstant(credential.getLastUsed(), ZoneOffset.UTC))
                    .param("label", label(credential))
                    .param("id", credential.getCredentialId().toBase64UrlString()).param("realm", realm.name())
                    .update();
            if (updated > 0) {
                return;
            }
            jdbc.sql("INSERT INTO passkeys (credential_id, realm, user_handle, public_key, signature_count, "
                            + "uv_initialized, backup_eligible, backup_state, transports, credential_type, "
                            + "attestation_object, attestation_client_data_json, label, created_at, last_used_at) "
                            + "VALUES (:id, :realm, :user, :key, :count, :uv, :be, :bs, :transports, :type, "
                            + ":attestation, :clientData, :label, :created, :used)")
                    .param("id", credential.getCredentialId().toBase64UrlString()).param("realm", realm.name())
                    .param("user", credential.getUserEntityUserId().toBase64UrlString())
                    .param("key", new Bytes(credential.getPublicKey().getBytes()).toBase64UrlString())
                    .param("count", credential.getSignatureCount()).param("uv", credential.isUvInitialized())
                    .param("be", credential.isBackupEligible()).param("bs", credential.isBackupState())
                    .param("transports", credential.getTransports().stream().map(AuthenticatorTransport::getValue)
                            .collect(Collectors.joining(",")))
                    .param("type", credential.getCredentialType() == null ? "public-key"
                            : credential.getCredentialType().getValue())
                    .param("attestation", base64(credential.getAttestationObject()))
                    .param("clientData", base64(credential.getAttestationClientDataJSON()))
                    .param("label", label(credential))
                    .param("created", OffsetDateTime.ofInstant(credential.getCreated(), ZoneOffset.UTC))
                    .param("used", OffsetDateTime.ofInstant(credential.getLastUsed(), ZoneOffset.UTC))
                    .update();
            events.publishEvent(new PasskeyChanged(realm, usernameOf(credential.getUserEntityUserId()),
                    label(credential), credential.getCredentialId().toBase64UrlString(), true));
        });
    }

    @Override
    public void delete(Bytes credentialId) {
        transactions.executeWithoutResult(status -> {
            CredentialRecord credential = findByCredentialId(credentialId);
            if (credential == null) {
                return;
            }
            jdbc.sql("DELETE FROM passkeys WHERE credential_id = :id AND realm = :realm")
                    .param("id", credentialId.toBase64UrlString()).param("realm", realm.name()).update();
            events.publishEvent(new PasskeyChanged(realm, usernameOf(credential.getUserEntityUserId()),
                    credential.getLabel(), credentialId.toBase64UrlString(), false));
        });
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        return jdbc.sql(SELECT_CREDENTIAL + "WHERE credential_id = :id AND realm = :realm")
                .param("id", credentialId.toBase64UrlString()).param("realm", realm.name())
                .query(PasskeyCredentials::credential).optional().orElse(null);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return jdbc.sql(SELECT_CREDENTIAL + "WHERE user_handle = :h AND realm = :realm ORDER BY created_at")
                .param("h", userId.toBase64UrlString()).param("realm", realm.name())
                .query(PasskeyCredentials::credential).list();
    }

    private static String base64(Bytes bytes) {
        return bytes == null ? "" : bytes.toBase64UrlString();
    }

    private String usernameOf(Bytes userHandle) {
        PublicKeyCredentialUserEntity user = users.findById(userHandle);
        return user == null ? "?" : user.getName();
    }

    /** The owner's name for it, kept short; a passkey registered without one is named by its date. */
    private static String label(CredentialRecord credential) {
        String label = credential.getLabel() == null ? "" : credential.getLabel().strip();
        if (label.isEmpty()) {
            label = "Llave de acceso";
        }
        return label.length() > 60 ? label.substring(0, 60) : label;
    }

    private static CredentialRecord credential(ResultSet rs, int row) throws SQLException {
        Set<AuthenticatorTransport> transports = Arrays.stream(rs.getString(8).split(","))
                .filter(value -> !value.isBlank()).map(AuthenticatorTransport::valueOf).collect(Collectors.toSet());
        return ImmutableCredentialRecord.builder()
                .credentialId(Bytes.fromBase64(rs.getString(1)))
                .userEntityUserId(Bytes.fromBase64(rs.getString(2)))
                .publicKey(new ImmutablePublicKeyCose(Bytes.fromBase64(rs.getString(3)).getBytes()))
                .signatureCount(rs.getLong(4))
                .uvInitialized(rs.getBoolean(5))
                .backupEligible(rs.getBoolean(6))
                .backupState(rs.getBoolean(7))
                .transports(transports)
                .credentialType(PublicKeyCredentialType.valueOf(rs.getString(9)))
                .label(rs.getString(10))
                .created(rs.getObject(11, OffsetDateTime.class).toInstant())
                .lastUsed(rs.getObject(12, OffsetDateTime.class).toInstant())
                .attestationObject(Bytes.fromBase64(rs.getString(13)))
                .attestationClientDataJSON(Bytes.fromBase64(rs.getString(14)))
                .build();
    }
}
