package io.custodia.policy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the consent ledger's projection says of one person for one purpose, as the gateway read it with
 * the person's row: the input of {@link AccessPolicy#decideBasis}. No personal data: statuses and times.
 *
 * @param status          the person's state for the purpose: {@code CONSENT_GIVEN}, {@code CONSENT_WITHDRAWN},
 *                        {@code CONSENT_REFUSED}, {@code CONSENT_EXPIRED} or {@code OBJECTED}; null when nothing
 *                        was ever recorded
 * @param since           when that state began (null with a null status)
 * @param restrictedSince when processing of the person was restricted (GDPR Art. 18), or null
 * @param optedOutOfSaleSince when the person opted out of the sale and sharing of their personal information
 *                        (CCPA §1798.120, e.g. by Global Privacy Control), or null
 * @param limitedSensitiveSince when the person limited the use of their sensitive personal information to what
 *                        CCPA §7027(m) permits (§1798.121), or null
 */
public record BasisState(@Nullable String status, @Nullable Instant since, @Nullable Instant restrictedSince,
        @Nullable Instant optedOutOfSaleSince, @Nullable Instant limitedSensitiveSince) {

    /** Nothing recorded: no consent, no objection, no restriction, no opt-out, no limit. */
    public static final BasisState NONE = new BasisState(null, null, null, null, null);

    /** A state with no opt-out of sale and sharing, and no limit on sensitive information. */
    public BasisState(@Nullable String status, @Nullable Instant since, @Nullable Instant restrictedSince) {
        this(status, since, restrictedSince, null, null);
    }

    /** A state with no limit on sensitive information. */
    public BasisState(@Nullable String status, @Nullable Instant since, @Nullable Instant restrictedSince,
            @Nullable Instant optedOutOfSaleSince) {
        this(status, since, restrictedSince, optedOutOfSaleSince, null);
    }
}
