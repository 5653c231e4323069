package io.custodia.rights;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person asks, by the right it exercises (GDPR Art. 15-21; CCPA §1798.100-121). */
public enum RequestType {
    /** GDPR Art. 15; CCPA right to know (§1798.110). */
    ACCESS(true),
    /** GDPR Art. 20; under the CCPA, part of the right to know (a portable copy). */
    PORTABILITY(true),
    /** GDPR Art. 16; CCPA right to correct (§1798.106). */
    RECTIFICATION(true),
    /** GDPR Art. 17; CCPA right to delete (§1798.105). */
    ERASURE(true),
    /** GDPR Art. 18. */
    RESTRICTION(true),
    /** GDPR Art. 21. */
    OBJECTION(true),
    /** CCPA §1798.120, §7026: no verification. */
    OPT_OUT_OF_SALE(false),
    /** CCPA §1798.121, §7027: no verification. */
    LIMIT_SENSITIVE(false);

    private final boolean verified;

    RequestType(boolean verified) {
        this.verified = verified;
    }

    /** Whether the person's identity must be verified before it is acted on (opt-outs need none: §7026(d), §7027(e)). */
    public boolean needsVerification() {
        return verified;
    }

    /** An opt-out under California law: its own clock (15 business days) and no verification. */
    public boolean ccpaOptOut() {
        return this == OPT_OUT_OF_SALE || this == LIMIT_SENSITIVE;
    }

    /**
     * Whether the law of a person under this jurisdiction grants this right: Californians have no restriction or
     * objection (GDPR Art. 18, 21), persons under the GDPR no opt-out of sale or limit on sensitive information
     * (CCPA §1798.120-121; under the GDPR they object instead). Persons under neither law get every right.
     */
    public boolean existsUnder(io.custodia.people.Jurisdiction jurisdiction) {
        return switch (jurisdiction) {
            case US_CA -> this != RESTRICTION && this != OBJECTION;
            case EU -> !ccpaOptOut();
            case OTHER -> true;
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RequestType> parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(t -> t.name().equals(v)).findFirst();
    }
}
