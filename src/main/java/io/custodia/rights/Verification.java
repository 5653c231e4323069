package io.custodia.rights;

import io.custodia.people.Jurisdiction;

/**
 * How sure of the person's identity Custodia must be before it acts on a request made on the privacy centre,
 * in proportion to what the request asks (GDPR Art. 12(6): only reasonable doubts; never an identity document
 * by default). Control of the emailed link is the first data point.
 */
public enum Verification {
    /** Opt-outs: none (CCPA regs §7026(d), §7027(e)). */
    NONE(0, false),
    /** The emailed link: enough under the GDPR for a person known by that address. */
    EMAIL(0, false),
    /** The link and one more data point matching our record: two in all, a reasonable degree of certainty (CCPA regs §7062(b), (d)). */
    EMAIL_AND_ONE(1, false),
    /**
     * The link, two more data points and a declaration signed under penalty of perjury: three in all, a reasonably
     * high degree of certainty, for a request for specific pieces of personal information (CCPA regs §7062(c)).
     */
    EMAIL_AND_TWO_SIGNED(2, true);

    private final int extraPoints;
    private final boolean declaration;

    Verification(int extraPoints, boolean declaration) {
        this.extraPoints = extraPoints;
        this.declaration = declaration;
    }

    /** The data points besides the emailed link that must match the record. */
    public int extraPoints() {
        return extraPoints;
    }

    /** Whether the person must sign a declaration under penalty of perjury. */
    public boolean declaration() {
        return declaration;
    }

    /**
     * What a privacy-centre request of this type needs, by the person's law: Californians asking to know specific
     * pieces (access, a portable copy) three points and a declaration; to know the categories only, to delete or to
     * correct, two points; under the GDPR the emailed link.
     *
     * @param categoriesOnly a Californian's request to know the categories held, not the pieces (CCPA §1798.110(a)(1)-(4))
     */
    public static Verification required(RequestType type, Jurisdiction jurisdiction, boolean categoriesOnly) {
        if (!type.needsVerification()) return NONE;
        if (jurisdiction != Jurisdiction.US_CA) return EMAIL;
        return switch (type) {
            case ACCESS -> categoriesOnly ? EMAIL_AND_ONE : EMAIL_AND_TWO_SIGNED;
            case PORTABILITY -> EMAIL_AND_TWO_SIGNED;
            case ERASURE, RECTIFICATION -> EMAIL_AND_ONE;
            default -> EMAIL;
        };
    }
}
