package co.entrega.factors;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkeys (WebAuthn). A passkey is bound to the site's host name, so these must be the address customers and
 * operators type.
 *
 * @param origins the origins (scheme, host and port) pages with passkeys are served from; empty: the origin of
 *                entrega.portal.base-url. The relying party id is the first one's host name
 * @param rpName  the name authenticators show beside the passkey, e.g. "Facturas Intertec"; empty: "Entrega"
 */
@ConfigurationProperties("entrega.passkeys")
public record PasskeyProperties(@DefaultValue("") List<String> origins, @DefaultValue("") String rpName) {
}
