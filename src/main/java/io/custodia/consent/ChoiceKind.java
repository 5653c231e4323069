package io.custodia.consent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a person chose, as the ledger records it. Consent statuses map to W3C DPV consent status terms
 * (dpv:ConsentGiven, dpv:ConsentWithdrawn, dpv:ConsentRefused, dpv:ConsentExpired, dpv:RenewedConsentGiven).
 */
public enum ChoiceKind {
    /** Consent given for a purpose and channel (GDPR Art. 6(1)(a), Art. 7). */
    GIVEN("dpv:ConsentGiven", true),
    /** Consent withdrawn (Art. 7(3)): at any time, as easy as giving, not retroactive. */
    WITHDRAWN("dpv:ConsentWithdrawn", true),
    /** Asked and refused. */
    REFUSED("dpv:ConsentRefused", true),
    /** Lapsed: given too long ago, or given under a notice that changed materially. */
    EXPIRED("dpv:ConsentExpired", true),
    /** Given again when asked to renew. */
    RENEWED("dpv:RenewedConsentGiven", true),
    /**
     * The purpose changed materially since the consent was given (a new notice): the consent no longer
     * covers it until the person renews it.
     */
    RENEWAL_NEEDED("dpv:ConsentInvalidated", true),
    /**
     * Asked, awaiting the person's confirmation (double opt-in): the request is on record, but consent
     * counts only once confirmed, so it changes no state.
     */
    REQUESTED("dpv:ConsentRequested", true),
    /** Objection to a purpose (Art. 21); absolute for direct marketing (Art. 21(3)). */
    OBJECTED("dpv:ObjectingToProcessing", false),
    /** An objection set aside: by the person, or by the DPO on compelling legitimate grounds (Art. 21(1)). */
    OBJECTION_LIFTED(null, false),
    /** Processing restricted (Art. 18): only storage is allowed. */
    RESTRICTED("dpv:RestrictingProcessing", false),
    /** Restriction lifted; the person must be told before (Art. 18(3)). */
    RESTRICTION_LIFTED(null, false),
    /**
     * Opt-out of the sale or sharing of personal information, and of targeted advertising (CCPA
     * §1798.120, §7026), e.g. from a Global Privacy Control signal (§7025). A later request without the
     * signal is not an opt-in.
     */
    OPTED_OUT_OF_SALE("dpv:OptingOutFromProcessing", false),
    /**
     * A request to limit the use and disclosure of sensitive personal information to what §7027(m) permits
     * (CCPA §1798.121, §7027): no verification, no account. Like an opt-out, never undone by silence.
     */
    LIMITED_SENSITIVE("dpv:OptingOutFromProcessing", false);

    private final @Nullable String dpvTerm;
    private final boolean consent;

    ChoiceKind(@Nullable String dpvTerm, boolean consent) {
        this.dpvTerm = dpvTerm;
        this.consent = consent;
    }

    public @Nullable String dpvTerm() {
        return dpvTerm;
    }

    /** A consent status (per purpose and channel), as opposed to an objection or a restriction. */
    public boolean consent() {
        return consent;
    }

    /** Whether this event changes the consent status of its channel (a request awaiting confirmation does not). */
    public boolean changesConsent() {
        return consent && this != REQUESTED;
    }

    /** Whether this consent status makes consent valid. */
    public boolean givesConsent() {
        return this == GIVEN || this == RENEWED;
    }

    public static Optional<ChoiceKind> parse(String value) {
        return Arrays.stream(values()).filter(k -> k.name().equals(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'))).findFirst();
    }
}
