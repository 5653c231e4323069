package io.custodia.policy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Why the legal basis of a purpose does not hold for one person now (invariant 4).
 *
 * @param reason  a stable code: {@code CONSENT_MISSING}, {@code CONSENT_WITHDRAWN}, {@code CONSENT_REFUSED},
 *                {@code CONSENT_EXPIRED}, {@code OBJECTED}, {@code RESTRICTED}
 * @param purpose the purpose refused
 * @param since   when the state that refuses began (null for a consent never given)
 * @param message a sentence for staff and integrators, e.g. "consent for email-marketing withdrawn on 2026-03-02"
 */
public record BasisRefusal(String reason, String purpose, @Nullable Instant since, String message) {
}
