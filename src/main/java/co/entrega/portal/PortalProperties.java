package co.entrega.portal;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the portal serves its requests ({@code entrega.portal.base-url} is bound by the emails' PortalLinks).
 *
 * @param concurrentRequests requests (portal, console, actuator) served at once; the others wait their turn in order;
 *                           downloads (documents, quarantined originals) are not counted; unset: 4 a core; 0: no limit
 * @param session            the stored sessions
 * @param dianCatalogueUrl   DIAN's public catalogue, where a document is verified by its CUFE/CUDE (appended): the
 *                           address an invoice's QR code carries; the habilitación (test) catalogue is
 *                           {@code https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=}
 */
@Validated
@ConfigurationProperties("entrega.portal")
public record PortalProperties(
        @PositiveOrZero Integer concurrentRequests,
        @Valid @DefaultValue Session session,
        @DefaultValue("https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey=") String dianCatalogueUrl) {

    /**
     * @param touchInterval a session's stored last access is moved only when this old (fewer writes); the idle timeout
     *                      may fall short by this much, never exceed; 0 writes it on every request
     */
    public record Session(@DefaultValue("1m") Duration touchInterval) {
    }
}
