package io.custodia.datamap;

import java.time.Period;
import java.util.Objects;

/** How long data kept for a purpose lives: an ISO-8601 period counted from an event (GDPR Art. 5(1)(e)). */
public record RetentionRule(Period duration, RetentionEvent from) {

    public RetentionRule {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(from, "from");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
    }
}
