package io.custodia.consent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where one person stands for one purpose now: the projection of the ledger.
 *
 * @param status   the state the policy reads ({@code CONSENT_GIVEN}, {@code CONSENT_WITHDRAWN}, …, {@code OBJECTED}),
 *                 null when nothing was recorded
 * @param channels the consent status per channel
 */
public record PurposeState(String purpose, @Nullable String status, @Nullable Instant since, Map<Channel, ChannelState> channels) {

    public record ChannelState(ChoiceKind status, Instant since) {
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("purpose", purpose);
        json.put("status", status);
        json.put("since", since == null ? null : since.toString());
        List<Map<String, Object>> perChannel = channels.entrySet().stream().map(e -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("channel", e.getKey().name());
            c.put("status", e.getValue().status().name());
            c.put("since", e.getValue().since().toString());
            return c;
        }).toList();
        json.put("channels", perChannel);
        return json;
    }
}
