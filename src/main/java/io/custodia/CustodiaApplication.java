package io.custodia;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Custodia: a CRM in which personal data can only be used the way the law and the person allow. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CustodiaApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustodiaApplication.class, args);
    }
}
