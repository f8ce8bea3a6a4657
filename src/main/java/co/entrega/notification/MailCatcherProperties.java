package co.entrega.notification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Demonstration mode's mail catcher (no {@code spring.mail.host}), see {@link EmbeddedMailCatcher}.
 *
 * @param smtpPort       SMTP port of the mail catcher on 127.0.0.1 (0: any free port)
 * @param imapPort       IMAP port of the mail catcher on 127.0.0.1 (0: any free port)
 * @param allowWithHttps allow demonstration mode although {@code entrega.portal.base-url} is {@code https://}
 */
@Validated
@ConfigurationProperties("entrega.mail.catcher")
public record MailCatcherProperties(
        @Min(0) @Max(65535) @DefaultValue("3025") int smtpPort,
        @Min(0) @Max(65535) @DefaultValue("3143") int imapPort,
        @DefaultValue("false") boolean allowWithHttps) {
}
