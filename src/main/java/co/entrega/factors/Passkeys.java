package co.entrega.factors;

import java.net.URI;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The passkeys of each realm: Spring Security's relying party (webauthn4j) over {@link PasskeyUsers} and
 * {@link PasskeyCredentials}, and what an account's pages do with them (list, remove). User verification is required
 * (a PIN or a fingerprint on the device): a customer's passkey replaces the password, so it must be two factors in
 * itself (NIST SP 800-63B's multi-factor cryptographic authenticator).
 */
@Service
public class Passkeys {

    private static final Logger log = LoggerFactory.getLogger(Passkeys.class);

    private final Map<Realm, PasskeyUsers> users = new EnumMap<>(Realm.class);
    private final Map<Realm, PasskeyCredentials> credentials = new EnumMap<>(Realm.class);
    private final Map<Realm, WebAuthnRelyingPartyOperations> relyingParties = new EnumMap<>(Realm.class);

    Passkeys(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
             PasskeyProperties properties, @Value("${entrega.portal.base-url:http://localhost:8080}") String baseUrl) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : properties.origins()) {
            if (!origin.isBlank()) {
                origins.add(origin(origin));
            }
        }
        if (origins.isEmpty()) {
            origins.add(origin(baseUrl));
        }
        String rpId = URI.create(origins.iterator().next()).getHost();
        String rpName = properties.rpName().isBlank() ? "Entrega" : properties.rpName();
        log.info("Passkeys for {} ({}), from {}", rpId, rpName, origins);
        PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build();
        for (Realm realm : Realm.values()) {
            PasskeyUsers realmUsers = new PasskeyUsers(realm, jdbc);
            PasskeyCredentials realmCredentials = new PasskeyCredentials(realm, jdbc, realmUsers, transactions, events);
            Webauthn4JRelyingPartyOperations operations =
                    new Webauthn4JRelyingPartyOperations(realmUsers, realmCredentials, rp, origins);
            operations.setCustomizeCreationOptions(options -> options.authenticatorSelection(
                    AuthenticatorSelectionCriteria.builder().residentKey(ResidentKeyRequirement.REQUIRED)
                            .userVerification(UserVerificationRequirement.REQUIRED).build()));
            operations.setCustomizeRequestOptions(
                    options -> options.userVerification(UserVerificationRequirement.REQUIRED));
            users.put(realm, realmUsers);
            credentials.put(realm, realmCredentials);
            relyingParties.put(realm, operations);
        }
    }

    public WebAuthnRelyingPartyOperations relyingParty(Realm realm) {
        return relyingParties.get(realm);
    }

    public UserCredentialRepository credentials(Realm realm) {
        return credentials.get(realm);
    }

    public List<Passkey> list(Realm realm, String username) {
        PublicKeyCredentialUserEntity user = users.get(realm).findByUsername(username);
        if (user == null) {
            return List.of();
        }
        return credentials.get(realm).findByUserId(user.getId()).stream()
                .map(c -> new Passkey(c.getCredentialId().toBase64UrlString(), c.getLabel(), c.getCreated(),
                        c.getLastUsed()))
                .toList();
    }

    public boolean any(Realm realm, String username) {
        return !list(realm, username).isEmpty();
    }

    /** @return false if the account has no such passkey (another's is never removed) */
    public boolean remove(Realm realm, String username, String credentialId) {
        if (list(realm, username).stream().noneMatch(passkey -> passkey.id().equals(credentialId))) {
            return false;
        }
        credentials.get(realm).delete(Bytes.fromBase64(credentialId));
        return true;
    }

    /** Every passkey of the account (its credentials were reissued: whoever registered one must not keep it). */
    public int removeAll(Realm realm, String username) {
        List<Passkey> all = list(realm, username);
        for (Passkey passkey : all) {
            credentials.get(realm).delete(Bytes.fromBase64(passkey.id()));
        }
        return all.size();
    }

    private static String origin(String url) {
        URI uri = URI.create(url.strip());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
