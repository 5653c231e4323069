package io.custodia.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What other modules and screens may know of a staff account. */
public record StaffSummary(UUID id, String username, String displayName, Set<Role> roles, boolean totpEnrolled,
        boolean enabled, @Nullable Instant lockedUntil) {
}
