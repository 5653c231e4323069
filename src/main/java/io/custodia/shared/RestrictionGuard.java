package io.custodia.shared;

import java.util.Optional;

/**
 * Says when a person's restriction of processing must not be lifted: a person erased except what the law
 * requires to be kept stays restricted to that obligation until the rest is erased too. The consent module
 * asks every guard before it records a lifted restriction; the rights module is one.
 */
public interface RestrictionGuard {

    /** Why the restriction of this person cannot be lifted, or empty when it can. */
    Optional<String> lockedBecause(SubjectId subject);
}
