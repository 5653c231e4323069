package io.custodia.shared;

import java.util.Optional;

/**
 * Says when a person may not simply be deleted: a legal hold requires part of their record to be kept (GDPR
 * Art. 17(3)(b)). The people module asks every guard before it deletes someone; their erasure then goes
 * through a data subject request, which keeps what the hold requires and erases the rest. The retention
 * module is one.
 */
public interface ErasureGuard {

    /** Why this person cannot be deleted outright now, or empty when they can. */
    Optional<String> heldBecause(SubjectId subject);
}
