package io.custodia.shared;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): random enough to be unguessable (74 random bits), ordered
 * enough to keep B-tree inserts local when millions of rows are written.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextLong();
        long randB = RANDOM.nextLong();
        long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses an id given by a caller; the message names what was expected, never echoes long input. */
    public static UUID parse(String text, String what) {
        if (text == null || text.length() != 36) {
            throw new IllegalArgumentException(what + " must be a UUID such as 0190c7e2-5b1e-7a3c-9d2e-1f0a2b3c4d5e");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be a UUID such as 0190c7e2-5b1e-7a3c-9d2e-1f0a2b3c4d5e");
        }
    }
}
