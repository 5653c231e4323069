package io.custodia.shared;

import java.util.Set;

/**
 * A person was erased: their data key is destroyed and their rows deleted. Published inside the erasure's
 * transaction, so every module that keeps something of the person removes it in the same commit
 * (invariant 6). Carries the id only.
 *
 * <p>When a legal obligation requires part of the record to be kept (GDPR Art. 17(3)(b): invoices, say),
 * {@code kept} names the fields of the person's record that were kept, re-sealed under a new key, and
 * readable only by purposes founded on a legal obligation; everything else of the person is gone as in a
 * total erasure. Empty for a total erasure.
 *
 * @param kept the data map ids of the fields kept ({@code person.last_name}, …); empty when nothing was kept
 */
public record SubjectErased(SubjectId subject, Set<String> kept) {

    public SubjectErased {
        kept = Set.copyOf(kept);
    }

    /** A total erasure: nothing of the person is kept. */
    public SubjectErased(SubjectId subject) {
        this(subject, Set.of());
    }

    /** Whether nothing of the person is left anywhere. */
    public boolean total() {
        return kept.isEmpty();
    }
}
