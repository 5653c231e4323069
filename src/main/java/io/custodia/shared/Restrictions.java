package io.custodia.shared;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a person's processing is restricted (GDPR Art. 18): from then on their data is only stored. The consent
 * module, which keeps the restrictions, answers it; modules that link a person to something new without reading
 * their data through the gateway (a deal naming its contact) ask it first.
 */
public interface Restrictions {

    /** Since when this person's processing is restricted, or empty when it is not. */
    Optional<Instant> restrictedSince(SubjectId subject);
}
