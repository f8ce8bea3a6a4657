package co.entrega.notification;

import org.springframework.boot.freemarker.autoconfigure.FreeMarkerVariablesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The issuer's name and support line, available to every page template (error pages included). */
@Configuration(proxyBeanMethods = false)
class IssuerPageVariables {

    @Bean
    FreeMarkerVariablesCustomizer issuerVariables(IssuerProperties issuer) {
        return variables -> {
            variables.put("issuerName", issuer.name());
            variables.put("supportPhone", issuer.supportPhone());
            variables.put("logoUrl", issuer.logoUrl());
        };
    }
}
