/**
 * Consent and the other choices a person makes about their data: privacy notices and their versions,
 * the append-only ledger of consents per purpose and channel, objections (GDPR Art. 21) and restriction
 * (Art. 18), and the projection the gateway reads with each person's row so the policy decides at the
 * time of use (invariant 4).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Consent")
@org.jspecify.annotations.NullMarked
package io.custodia.consent;
