/**
 * Respectful prospecting: audiences built from filters that always also apply the law (consent,
 * objection, restriction, Global Privacy Control, the suppression list) and say how many persons the
 * law removes and why; later, campaigns sent with consent checked again at send time.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outreach")
@org.jspecify.annotations.NullMarked
package io.custodia.outreach;
