package io.custodia.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A staff account as stored. The password hash and the sealed TOTP secret never leave this module. */
record StaffAccount(UUID id, String username, String displayName, String passwordHash, Set<Role> roles,
        String locale, byte @Nullable [] sealedTotpSecret, long totpLastStep, int failedAttempts,
        @Nullable Instant lockedUntil, boolean enabled, boolean passwordMustChange) {

    boolean totpEnrolled() {
        return sealedTotpSecret != null;
    }

    /** Privileged roles must use the second factor; others may opt in. */
    boolean needsTotp() {
        return totpEnrolled() || roles.stream().anyMatch(Role::privileged);
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    StaffSummary summary() {
        return new StaffSummary(id, username, displayName, roles, totpEnrolled(), enabled, lockedUntil);
    }
}
