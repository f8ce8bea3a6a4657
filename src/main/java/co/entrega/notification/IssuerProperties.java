package co.entrega.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The issuer's branding in emails (and pages). NIT and legal name in the DIAN subject come from each invoice.
 *
 * @param name           the issuer's name, shown in emails
 * @param tradeName      "Nombre comercial del emisor" in the DIAN subject (the invoice's supplier name if blank)
 * @param businessLine   optional "Línea de negocio", appended to the DIAN subject when set
 * @param logoUrl        absolute URL of the logo shown in HTML emails (blank: none)
 * @param supportPhone   support line printed on every email and page
 * @param receptionAddress the address where the issuer receives its buyers' events on an invoice (acuse de recibo,
 *                       recibo del bien, aceptación, reclamo), named in every invoice email (blank: the sender
 *                       address, {@code entrega.mail.from})
 */
@ConfigurationProperties("entrega.issuer")
public record IssuerProperties(
        @DefaultValue("Intertec S.A.S.") String name,
        @DefaultValue("") String tradeName,
        @DefaultValue("") String businessLine,
        @DefaultValue("") String logoUrl,
        @DefaultValue("3003292") String supportPhone,
        @DefaultValue("") String receptionAddress) {
}
