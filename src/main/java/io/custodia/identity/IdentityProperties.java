package io.custodia.identity;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param lockoutThreshold  consecutive failed logins (password or TOTP) before the account locks;
 *                          ASVS 5.0 V6.3.1 asks for at most 100 failures an hour per account
 * @param lockoutDuration   how long a lock lasts
 * @param firstAdminRoles   the roles of the admin created at first start
 */
@ConfigurationProperties("custodia.identity")
public record IdentityProperties(int lockoutThreshold, Duration lockoutDuration, Set<Role> firstAdminRoles) {

    public IdentityProperties {
        if (lockoutThreshold <= 0) lockoutThreshold = 10;
        if (lockoutDuration == null) lockoutDuration = Duration.ofMinutes(15);
        if (firstAdminRoles == null || firstAdminRoles.isEmpty()) firstAdminRoles = Set.of(Role.ADMIN, Role.SALES);
    }
}
