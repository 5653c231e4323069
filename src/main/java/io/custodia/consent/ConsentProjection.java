package io.custodia.consent;

import io.custodia.policy.BasisState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a person stands, folded from their choices in the order they were made: per purpose and channel
 * the last consent status, per purpose whether an objection holds, and whether processing is restricted.
 * Pure: the ledger stores what it gives after every choice, and the property tests compare it with a
 * reference model of the rules.
 *
 * @param channels   purpose → channel → the current consent status (a renewal counts as given)
 * @param objected   purpose → since when an objection holds (the first objection after the last lift)
 * @param restricted since when processing is restricted (the first restriction after the last lift), or null
 * @param optedOutOfSale since when the person has opted out of sale and sharing (CCPA), or null; never undone
 *                   by a later absence of the signal
 * @param limitedSensitive since when the person has limited the use of their sensitive personal information
 *                   (CCPA §7027), or null
 */
record ConsentProjection(Map<String, Map<Channel, PurposeState.ChannelState>> channels, Map<String, Instant> objected,
        @Nullable Instant restricted, @Nullable Instant optedOutOfSale, @Nullable Instant limitedSensitive) {

    static ConsentProjection fold(List<ChoiceEvent> events) {
        Map<String, Map<Channel, PurposeState.ChannelState>> channels = new LinkedHashMap<>();
        Map<String, Instant> objected = new LinkedHashMap<>();
        Instant restricted = null;
        Instant optedOut = null;
        Instant limited = null;
        for (ChoiceEvent e : events) {
            switch (e.kind()) {
                case GIVEN, RENEWED, WITHDRAWN, REFUSED, EXPIRED, RENEWAL_NEEDED -> channels.computeIfAbsent(e.purpose(), p -> new EnumMap<>(Channel.class))
                        .put(e.channel(), new PurposeState.ChannelState(e.kind() == ChoiceKind.RENEWED ? ChoiceKind.GIVEN : e.kind(), e.at()));
                case OBJECTED -> objected.putIfAbsent(e.purpose(), e.at());
                case OBJECTION_LIFTED -> objected.remove(e.purpose());
                case RESTRICTED -> restricted = restricted == null ? e.at() : restricted;
                case RESTRICTION_LIFTED -> restricted = null;
                case OPTED_OUT_OF_SALE -> optedOut = optedOut == null ? e.at() : optedOut;
                case LIMITED_SENSITIVE -> limited = limited == null ? e.at() : limited;
                case REQUESTED -> {
                    // awaiting confirmation: on record, but no consent until confirmed
                }
            }
        }
        return new ConsentProjection(channels, objected, restricted, optedOut, limited);
    }

    /**
     * The state the policy reads for one purpose: an objection first, else consent given on any channel
     * (since its latest giving), else the latest refusal, withdrawal or expiry; null status when nothing
     * was recorded for the purpose.
     */
    BasisState stateFor(String purpose) {
        String status = null;
        Instant since = null;
        Instant objectedSince = objected.get(purpose);
        if (objectedSince != null) {
            status = "OBJECTED";
            since = objectedSince;
        } else {
            Instant given = null;
            for (PurposeState.ChannelState channel : channels.getOrDefault(purpose, Map.of()).values()) {
                if (channel.status().givesConsent()) {
                    if (given == null || channel.since().isAfter(given)) given = channel.since();
                } else if (since == null || channel.since().isAfter(since)) {
                    status = "CONSENT_" + channel.status().name();
                    since = channel.since();
                }
            }
            if (given != null) {
                status = "CONSENT_GIVEN";
                since = given;
            }
        }
        return status == null && restricted == null && optedOutOfSale == null && limitedSensitive == null ? BasisState.NONE
                : new BasisState(status, since, restricted, optedOutOfSale, limitedSensitive);
    }

    /** Every purpose with a recorded state. */
    java.util.Set<String> purposes() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(channels.keySet());
        all.addAll(objected.keySet());
        return all;
    }
}
