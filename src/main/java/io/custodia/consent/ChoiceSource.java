package io.custodia.consent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a choice was made: part of the evidence that consent was given (GDPR Art. 7(1)). */
public enum ChoiceSource {
    WEB_FORM, API, IMPORT, STAFF_PHONE, STAFF_IN_PERSON, PRIVACY_CENTRE, EMAIL_LINK,
    /** A Global Privacy Control signal (Sec-GPC: 1) sent by the person's browser (CCPA §7025). */
    GPC,
    /** Custodia itself, e.g. marking consents for renewal after a material change of their purpose. */
    SYSTEM;

    public static Optional<ChoiceSource> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'))).findFirst();
    }
}
