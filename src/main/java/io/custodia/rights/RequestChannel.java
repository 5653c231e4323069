package io.custodia.rights;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a request reached the company (CCPA §7101: the records name it). */
public enum RequestChannel {
    PRIVACY_CENTRE, API, STAFF_PHONE, STAFF_LETTER, STAFF_IN_PERSON, EMAIL;

    /** Channels staff may enter a request through, on the person's behalf. */
    public boolean byStaff() {
        return this != PRIVACY_CENTRE;
    }

    public static Optional<RequestChannel> parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(c -> c.name().equals(v)).findFirst();
    }
}
