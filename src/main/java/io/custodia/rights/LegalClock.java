package io.custodia.rights;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The legal clock of one request, set at receipt by the law that governs the person.
 *
 * @param law            the rule applied, e.g. {@code GDPR Art. 12(3)} or {@code CCPA §7021}
 * @param receivedOn     the day of receipt, in the law's time zone (the period starts the day after)
 * @param acknowledgeBy  the last day to confirm receipt (CCPA §7021(a): 10 business days), or null when the law asks for none
 * @param dueOn          the last day to answer
 * @param extendableTo   the last day to answer if the period is extended, or null when it cannot be; the
 *                       extension, with its reason, must reach the person by {@code dueOn}
 */
public record LegalClock(String law, LocalDate receivedOn, @Nullable LocalDate acknowledgeBy, LocalDate dueOn,
        @Nullable LocalDate extendableTo) {
}
