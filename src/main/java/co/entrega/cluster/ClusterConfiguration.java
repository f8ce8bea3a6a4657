package co.entrega.cluster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    ThisInstance thisInstance() {
        return ThisInstance.create();
    }
}
