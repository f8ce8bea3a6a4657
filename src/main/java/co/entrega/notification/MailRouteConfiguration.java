package co.entrega.notification;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MailRouteConfiguration {

    /**
     * Publishes the bound {@code entrega.mail.poll-interval} to Camel under its own name, for route
     * notification-send-mail: Camel's placeholders see only the Spring environment, where an unset key is absent, and
     * the default belongs to {@link MailDeliveryProperties}.
     */
    @Bean
    CamelContextConfiguration mailPollIntervalProperty(MailDeliveryProperties delivery) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getPropertiesComponent().addInitialProperty("entrega.mail.poll-interval",
                        Long.toString(delivery.pollInterval().toMillis()));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
