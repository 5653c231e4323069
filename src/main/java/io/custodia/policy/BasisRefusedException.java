package io.custodia.policy;

import io.custodia.shared.SubjectId;

/** A use of one person's data for a purpose whose legal basis does not hold for them now; names why. */
public class BasisRefusedException extends RuntimeException {

    private final SubjectId subject;
    private final BasisRefusal refusal;

    public BasisRefusedException(SubjectId subject, BasisRefusal refusal) {
        super(refusal.message());
        this.subject = subject;
        this.refusal = refusal;
    }

    public SubjectId subject() {
        return subject;
    }

    public BasisRefusal refusal() {
        return refusal;
    }
}
