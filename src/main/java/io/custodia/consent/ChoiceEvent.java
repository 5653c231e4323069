package io.custodia.consent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One entry of the consent ledger, as stored: never changed, never deleted but with the person. */
public record ChoiceEvent(UUID id, UUID subject, ChoiceKind kind, @Nullable String purpose, @Nullable Channel channel, Instant at,
        @Nullable Integer noticeVersion, @Nullable String noticeLanguage, @Nullable String noticeSha256, ChoiceSource source,
        String actorKind, String actorId, @Nullable String formId, @Nullable String userAgent, boolean ipRecorded) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("person", subject.toString());
        json.put("kind", kind.name());
        if (kind.dpvTerm() != null) json.put("dpvStatus", kind.dpvTerm());
        json.put("purpose", purpose);
        json.put("channel", channel == null ? null : channel.name());
        json.put("at", at.toString());
        if (noticeVersion != null) {
            json.put("notice", Map.of("version", noticeVersion, "language", String.valueOf(noticeLanguage), "sha256", String.valueOf(noticeSha256)));
        }
        json.put("source", source.name());
        json.put("recordedBy", Map.of("kind", actorKind, "id", actorId));
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (formId != null) evidence.put("formId", formId);
        if (userAgent != null) evidence.put("userAgent", userAgent);
        if (ipRecorded) evidence.put("ipAddress", "recorded as a keyed hash");
        json.put("evidence", evidence);
        return json;
    }
}
