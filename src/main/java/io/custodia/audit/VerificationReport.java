package io.custodia.audit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of checking the whole chain: valid, or the first broken entry and what is wrong with it.
 *
 * @param entriesChecked entries read before the verdict (all of them when valid)
 * @param seq            the sequence number of the first broken entry, null when valid
 * @param problem        what is wrong with it, null when valid
 * @param detail         a sentence naming the entry and the evidence, null when valid
 */
public record VerificationReport(boolean valid, long entriesChecked, @Nullable Long seq, @Nullable Problem problem,
        @Nullable String detail) {

    /** What can be wrong with an entry; {@link AuditVerifier} documents the rules that tell them apart. */
    public enum Problem { ALTERED, MISSING, INSERTED, REORDERED, TAIL_CUT, HEAD_MISMATCH, CHECKPOINT_INVALID }

    public VerificationReport {
        if (valid != (problem == null)) throw new IllegalArgumentException("problem must be null exactly when valid");
        if (!valid) {
            Objects.requireNonNull(seq, "seq");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static VerificationReport ok(long entriesChecked) {
        return new VerificationReport(true, entriesChecked, null, null, null);
    }

    static VerificationReport broken(long entriesChecked, long seq, Problem problem, String detail) {
        return new VerificationReport(false, entriesChecked, seq, problem, detail);
    }
}
