package io.custodia.access.scan;

import java.util.Locale;

/**
 * What a {@link Finding} in a free-text note is. Only a payment card number makes the note refused; every
 * other kind is flagged so that a person can review it.
 */
public enum FindingKind {
    EMAIL,
    PHONE,
    IBAN,
    /**
     * Refused outright: CNIL délibération n° 2018-303 (recommandation « carte de paiement ») forbids keeping a
     * card number beyond the payment, and PCI DSS v4.0 requirement 3 forbids storing a readable PAN. A CRM
     * note is never a legitimate place for one.
     */
    PAYMENT_CARD,
    /** French social security number (NIR, numéro d'inscription au répertoire, INSEE). */
    FR_NIR,
    US_SSN,
    /** A term revealing one of the special categories of data of GDPR Art. 9(1). */
    SPECIAL_CATEGORY;

    /** Whether a note containing this kind is refused rather than flagged (payment cards only). */
    public boolean refused() {
        return this == PAYMENT_CARD;
    }

    /** The lowercase name, used as a finding's detail and as the redaction placeholder. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
