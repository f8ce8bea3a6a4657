package co.entrega;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entrega: ingests an issuer's DIAN e-invoices and delivers them to the issuer's customers. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class EntregaApplication {

    public static void main(String[] args) {
        SpringApplication.run(EntregaApplication.class, args);
    }
}
