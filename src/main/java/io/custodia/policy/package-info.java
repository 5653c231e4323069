/**
 * Decisions: may this actor, for this purpose, use these fields of this subject, now? The purpose
 * exists, is granted to the actor's roles, and covers the fields (minimisation); and its legal basis
 * holds for that person now: consent given, no objection, no restriction (invariant 4).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Policy")
@org.jspecify.annotations.NullMarked
package io.custodia.policy;
