package co.entrega.notification;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The Camel Mail endpoint the outbox is sent to, from Spring Boot's standard keys: {@code spring.mail.host}, {@code
 * port}, {@code username}, {@code password}, {@code protocol} and {@code spring.mail.properties.*} (for example
 * {@code mail.smtp.starttls.enable=true}). Without {@code spring.mail.host}, the embedded mail catcher.
 */
@Component
class SmtpEndpoint {

    private final String uri;

    SmtpEndpoint(Environment environment, ObjectProvider<EmbeddedMailCatcher> catcher) {
        String host = environment.getProperty("spring.mail.host", "");
        if (host.isBlank()) {
            EmbeddedMailCatcher embedded = catcher.getObject();
            uri = "smtp://127.0.0.1:" + embedded.smtpPort() + "?connectionTimeout=10000";
            return;
        }
        String protocol = environment.getProperty("spring.mail.protocol", "smtp");
        int port = environment.getProperty("spring.mail.port", Integer.class, protocol.equals("smtps") ? 465 : 25);
        StringBuilder out = new StringBuilder(protocol).append("://").append(host).append(':').append(port)
                .append("?connectionTimeout=").append(environment.getProperty("entrega.mail.smtp-timeout", "20000"));
        String username = environment.getProperty("spring.mail.username", "");
        if (!username.isBlank()) {
            out.append("&username=RAW(").append(username).append(')')
                    .append("&password=RAW(").append(environment.getProperty("spring.mail.password", "")).append(')');
        }
        Map<String, String> javaMail = Binder.get(environment)
                .bind("spring.mail.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        if (!javaMail.isEmpty()) {
            out.append('&').append(javaMail.entrySet().stream()
                    .map(e -> e.getKey() + "=RAW(" + e.getValue() + ")")
                    .collect(Collectors.joining("&")));
        }
        uri = out.toString();
    }

    String uri() {
        return uri;
    }
}
