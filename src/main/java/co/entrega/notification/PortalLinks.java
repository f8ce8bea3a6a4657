package co.entrega.notification;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every link in an email is built from {@code entrega.portal.base-url}, never from a request's Host header.
 *
 * @param baseUrl the portal's public address (e.g. https://facturas.intertec.co); every emailed link starts with it,
 *                never with a request's Host header
 */
@Validated
@ConfigurationProperties("entrega.portal")
public record PortalLinks(@NotBlank @DefaultValue("http://localhost:8080") String baseUrl) {

    String activation(String token) {
        return base() + "/acceso/" + token;
    }

    String invoice(long invoiceId) {
        return base() + "/facturas/" + invoiceId;
    }

    String passwordReset(String token) {
        return base() + "/restablecer/" + token;
    }

    String login() {
        return base() + "/login";
    }

    private String base() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
