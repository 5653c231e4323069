package io.custodia.outreach;

import io.custodia.people.DealStage;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who an audience is for, before the law is applied.
 *
 * @param purpose           what the audience is contacted for (a data map purpose the actor's roles grant)
 * @param stages            contacts of a deal at one of these stages (empty: any person)
 * @param organisation      persons who work for this organisation
 * @param lastContactAfter  persons with an interaction on or after this time
 * @param lastContactBefore persons with no interaction on or after this time
 */
public record AudienceFilter(String purpose, Set<DealStage> stages, @Nullable UUID organisation, @Nullable Instant lastContactAfter,
        @Nullable Instant lastContactBefore) {

    public AudienceFilter {
        stages = Set.copyOf(stages);
    }
}
