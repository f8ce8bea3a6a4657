package co.entrega.notification;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the email templates are read from, at run time, so an operator can adjust them without a rebuild.
 *
 * @param templatesDir folder whose {@code mail/} folder holds the email templates (the portal's pages are read from
 *                     {@code spring.freemarker.template-loader-path})
 */
@Validated
@ConfigurationProperties("entrega")
public record MailTemplateProperties(@NotNull @DefaultValue("templates") Path templatesDir) {
}
