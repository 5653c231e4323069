package io.custodia.people;

import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A call, meeting, email or note with a person; the summary is personal data, decrypted for the purpose. */
public record Interaction(UUID id, SubjectId subject, InteractionKind kind, Instant occurredAt, @Nullable UUID staffId,
        @Nullable String summary, boolean summaryWithheld, Set<String> flags) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("personId", subject.toString());
        json.put("kind", kind.name());
        json.put("occurredAt", occurredAt.toString());
        json.put("staffId", staffId == null ? null : staffId.toString());
        if (!summaryWithheld) json.put("summary", summary);
        json.put("withheld", summaryWithheld ? java.util.List.of("summary") : java.util.List.of());
        json.put("flags", flags);
        return json;
    }

    /** Never prints the summary: it is personal data. */
    @Override
    public String toString() {
        return "Interaction[id=" + id + ", subject=" + subject + ", kind=" + kind + "]";
    }
}
