package io.custodia.consent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a person may be contacted under a consent: consent is given per purpose and per channel. */
public enum Channel {
    EMAIL, PHONE, SMS, POST;

    public static Optional<Channel> parse(String value) {
        return Arrays.stream(values()).filter(c -> c.name().equals(value.trim().toUpperCase(Locale.ROOT))).findFirst();
    }
}
