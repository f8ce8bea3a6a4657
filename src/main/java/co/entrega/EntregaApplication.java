package co.entrega;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entrega: ingests an issuer's DIAN e-invoices and delivers them to the issuer's customers. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EntregaApplication {

    public static void main(String[] args) {
        SpringApplication.run(EntregaApplication.class, args);
    }
}
