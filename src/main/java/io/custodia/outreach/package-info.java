/**
 * Respectful prospecting: audiences built from filters that always also apply the law (consent,
 * objection, restriction, Global Privacy Control, the suppression list) and say how many persons the
 * law removes and why; email campaigns to them, with consent checked again when each message leaves and a
 * one-click unsubscribe in every message.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outreach")
@org.jspecify.annotations.NullMarked
package io.custodia.outreach;
