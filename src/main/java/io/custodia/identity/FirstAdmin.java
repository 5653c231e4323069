package io.custodia.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * At the first start of an empty instance, creates the admin account: username and password from
 * CUSTODIA_ADMIN_USERNAME / CUSTODIA_ADMIN_PASSWORD, or "admin" with a generated one-time password
 * printed once, which must be changed at first login. Admin commands turn this off
 * ({@code custodia.identity.create-first-admin=false}): {@code create-admin} decides for itself.
 */
@Component
@ConditionalOnBooleanProperty(name = "custodia.identity.create-first-admin", matchIfMissing = true)
// before any other start-up work (demo data takes a while): the one-time password is the first thing a new user needs
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private final AccountService accounts;
    private final IdentityProperties properties;
    private final Environment environment;

    FirstAdmin(AccountService accounts, IdentityProperties properties, Environment environment) {
        this.accounts = accounts;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyAccount()) {
            return;
        }
        String username = environment.getProperty("CUSTODIA_ADMIN_USERNAME", "admin");
        var created = accounts.createStaff(username, "Administrator", properties.firstAdminRoles(),
                environment.getProperty("CUSTODIA_ADMIN_PASSWORD"));
        if (created.oneTimePassword() != null) {
            // Printed once, to the console of the first start only; it must be changed at first login.
            String bar = "=".repeat(78);
            System.out.println("\n" + bar + "\n  Custodia: first administrator created\n    username: " + created.account().username()
                    + "\n    one-time password: " + created.oneTimePassword() + "\n  Sign in at http://localhost:"
                    + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                    + " ; you will set a second factor (TOTP) and a new password.\n" + bar + "\n");
        } else {
            log.info("First administrator '{}' created from CUSTODIA_ADMIN_USERNAME / CUSTODIA_ADMIN_PASSWORD", username);
        }
    }
}
