package co.entrega.notification;

import java.util.Map;
import java.util.Properties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The Camel Mail endpoint the outbox is sent to, and its sender ({@link ReusedSmtpConnections}, bean
 * {@code smtpConnections}), from Spring Boot's standard keys: {@code spring.mail.host}, {@code port}, {@code
 * username}, {@code password}, {@code protocol} and {@code spring.mail.properties.*} (any JavaMail property, e.g.
 * {@code mail.smtp.starttls.enable=true}; they win over the defaults set here). Without {@code spring.mail.host},
 * the embedded mail catcher.
 */
@Component
class SmtpEndpoint {

    private final String uri;

    SmtpEndpoint(ReusedSmtpConnections smtpConnections) {
        uri = smtpConnections.getProtocol() + "://" + smtpConnections.getHost() + ":" + smtpConnections.getPort()
                + "?javaMailSender=#smtpConnections";
    }

    @Bean
    static ReusedSmtpConnections smtpConnections(Environment environment, ObjectProvider<EmbeddedMailCatcher> catcher,
                                                 MailDeliveryProperties delivery) {
        ReusedSmtpConnections sender = new ReusedSmtpConnections(delivery.messagesPerConnection(),
                delivery.connectionIdleTimeout());
        String host = environment.getProperty("spring.mail.host", "");
        String protocol = "smtp";
        String timeout = "10000";
        if (host.isBlank()) {
            sender.setHost("127.0.0.1");
            sender.setPort(catcher.getObject().smtpPort());
        } else {
            protocol = environment.getProperty("spring.mail.protocol", "smtp");
            sender.setHost(host);
            sender.setPort(environment.getProperty("spring.mail.port", Integer.class,
                    protocol.equals("smtps") ? 465 : 25));
            timeout = Long.toString(delivery.smtpTimeout().toMillis());
            String username = environment.getProperty("spring.mail.username", "");
            if (!username.isBlank()) {
                sender.setUsername(username);
                sender.setPassword(environment.getProperty("spring.mail.password", ""));
            }
        }
        sender.setProtocol(protocol);
        Properties javaMail = new Properties();
        String prefix = "mail." + protocol + ".";
        // Every wait on the relay is bounded: connecting, each reply, and each write (a relay that stops reading).
        javaMail.put(prefix + "connectiontimeout", timeout);
        javaMail.put(prefix + "timeout", timeout);
        javaMail.put(prefix + "writetimeout", timeout);
        // isConnected() asks with RSET rather than NOOP: it also clears what a failed send left of the conversation.
        javaMail.put(prefix + "userset", "true");
        if (sender.getUsername() != null) {
            javaMail.put(prefix + "auth", "true");
        }
        if (protocol.equals("smtp")) {
            javaMail.put(prefix + "socketFactory", new NoDelaySocketFactory());
        }
        javaMail.putAll(Binder.get(environment)
                .bind("spring.mail.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        sender.setJavaMailProperties(javaMail);
        return sender;
    }

    String uri() {
        return uri;
    }
}
