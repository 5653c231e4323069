package io.custodia.identity;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An API token as listed: never its secret. */
public record ApiTokenSummary(UUID id, UUID accountId, String name, Instant createdAt, @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
