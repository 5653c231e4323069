/**
 * Decisions: may this actor, for this purpose, use these fields of this subject, now? Today: the
 * purpose exists, is granted to the actor's roles, and covers the fields (minimisation). The legal
 * basis checks against consent, objection, restriction and erasure slot in here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Policy")
@org.jspecify.annotations.NullMarked
package io.custodia.policy;
