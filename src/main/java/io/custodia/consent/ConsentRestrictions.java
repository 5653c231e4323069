package io.custodia.consent;

import io.custodia.shared.Restrictions;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The restrictions this module keeps (GDPR Art. 18), for the modules that must not link a restricted person. */
@Component
class ConsentRestrictions implements Restrictions {

    private final ConsentLedger ledger;

    ConsentRestrictions(ConsentLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Optional<Instant> restrictedSince(SubjectId subject) {
        return Optional.ofNullable(ledger.restrictedSince(subject));
    }
}
