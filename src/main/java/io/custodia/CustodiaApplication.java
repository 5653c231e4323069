package io.custodia;

import io.custodia.admin.AdminCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Custodia: a CRM in which personal data can only be used the way the law and the person allow. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CustodiaApplication {

    /**
     * {@code java -jar custodia.jar <command> [options]} runs an admin command and exits with its code
     * (0 done, 1 failed, 2 wrong usage); anything else starts the web application ({@code --demo} adds
     * demo data to an empty instance).
     */
    public static void main(String[] args) {
        if (AdminCommandLine.isCommand(args)) {
            System.exit(AdminCommandLine.run(CustodiaApplication.class, args));
        }
        SpringApplication.run(CustodiaApplication.class, args);
    }
}
