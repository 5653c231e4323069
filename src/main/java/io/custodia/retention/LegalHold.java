package io.custodia.retention;

import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A legal obligation that requires a person's data to be kept until a day (GDPR Art. 17(3)(b)): the purpose
 * of the data map it rests on (founded on a legal obligation; its fields are what is kept), why, and until
 * when. Released early when the obligation ends before.
 */
public record LegalHold(UUID id, SubjectId subject, String purpose, String reason, LocalDate until, Instant placedAt, String placedBy,
        @Nullable Instant releasedAt, @Nullable String releasedBy, @Nullable String releaseReason) {

    /** Whether it still holds on {@code today}: not released, and its last day not past. */
    public boolean activeOn(LocalDate today) {
        return releasedAt == null && !until.isBefore(today);
    }

    public Map<String, Object> toJson(LocalDate today) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("personId", subject.toString());
        json.put("purpose", purpose);
        json.put("reason", reason);
        json.put("until", until.toString());
        json.put("active", activeOn(today));
        json.put("placedAt", placedAt.toString());
        json.put("placedBy", placedBy);
        json.put("releasedAt", releasedAt == null ? null : releasedAt.toString());
        json.put("releasedBy", releasedBy);
        json.put("releaseReason", releaseReason);
        return json;
    }
}
