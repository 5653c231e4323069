package io.custodia.outreach;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many persons an audience filter matches, how many the law leaves, and how many it removes for
 * each reason ({@code CONSENT_MISSING}, {@code CONSENT_WITHDRAWN}, {@code OBJECTED}, {@code RESTRICTED},
 * {@code OPTED_OUT_OF_SALE}, {@code SUPPRESSED}, …). Counts only: no one is named.
 */
public record AudienceCounts(String purpose, long matched, long eligible, Map<String, Long> removed) {

    public AudienceCounts {
        removed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(removed));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("purpose", purpose);
        json.put("matched", matched);
        json.put("eligible", eligible);
        json.put("removedByLaw", matched - eligible);
        json.put("removed", removed);
        return json;
    }
}
