package io.custodia.people;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An organisation (a legal person: not personal data, stored in clear). */
public record Organisation(UUID id, String name, @Nullable String domain, @Nullable String country,
        @Nullable String industry, long contacts, Instant createdAt, Instant updatedAt) {
}
