/**
 * The audit ledger: an append-only, hash-chained record of every act on personal data and every
 * security-relevant act, verifiable by anyone (GDPR Art. 5(2), DESIGN.md invariant 8).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit ledger")
@org.jspecify.annotations.NullMarked
package io.custodia.audit;
