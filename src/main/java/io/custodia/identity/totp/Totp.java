package io.custodia.identity.totp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * RFC 6238 time-based one-time passwords: HOTP (RFC 4226) over the number of periods since the Unix epoch.
 *
 * <p>Immutable and thread-safe. The current time is always passed in, so callers decide which clock is trusted (ASVS
 * 5.0 V6.5.8) and tests need no clock. Secrets never appear in exceptions or logs.
 */
public final class Totp {

    /** Value to pass as {@code lastUsedStep} for a secret that has never been used to log in. */
    public static final long NEVER_USED = -1L;

    /** Largest verification window accepted: each extra step gives a guesser two more codes that pass. */
    public static final int MAX_WINDOW_STEPS = 10;

    /** The HMAC of RFC 6238 section 1.2; the names are the ones the Key Uri Format uses for its algorithm parameter. */
    public enum Algorithm {
        SHA1("HmacSHA1"),
        SHA256("HmacSHA256"),
        SHA512("HmacSHA512");

        private final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }

        String jcaName() {
            return jcaName;
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final Algorithm algorithm;
    private final int digits;
    private final long periodSeconds;

    /**
     * @param algorithm HMAC used by HOTP
     * @param digits code length, 6 to 8 (RFC 4226 section 5.3 requires at least 6; authenticator apps show at most 8)
     * @param period time step X of RFC 6238 section 4.1, a whole number of seconds, at least one
     */
    public Totp(Algorithm algorithm, int digits, Duration period) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm must not be null");
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be between 6 and 8, was " + digits);
        }
        Objects.requireNonNull(period, "period must not be null");
        if (period.getNano() != 0 || period.getSeconds() < 1) {
            throw new IllegalArgumentException("period must be a positive whole number of seconds, was " + period);
        }
        this.digits = digits;
        this.periodSeconds = period.getSeconds();
    }

    /** HMAC-SHA1, 6 digits, 30 seconds: the RFC 6238 defaults, the only parameters every authenticator app honours. */
    public static Totp sha1Default() {
        return new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30));
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    public Duration period() {
        return Duration.ofSeconds(periodSeconds);
    }

    /** The time step T of RFC 6238 section 4.2, with T0 = 0: whole periods elapsed since the Unix epoch. */
    public long step(Instant at) {
        Objects.requireNonNull(at, "at must not be null");
        if (at.getEpochSecond() < 0) {
            throw new IllegalArgumentException("at must not be before the Unix epoch, was " + at);
        }
        return at.getEpochSecond() / periodSeconds;
    }

    /** The code an authenticator shows at the given instant. */
    public String code(byte[] secret, Instant at) {
        return codeForStep(checkSecret(secret), step(at));
    }

    /**
     * Checks a code typed by a user against the steps around {@code now}.
     *
     * <p>A code is accepted at most once (RFC 6238 section 5.2, ASVS 5.0 V6.5.1): only steps strictly after
     * {@code lastUsedStep} can match, and the caller stores the returned step as the new {@code lastUsedStep}. Every
     * step of the window is computed and compared in constant time whatever matches, so the response time tells
     * nothing about the code.
     *
     * @param code what the user typed; anything but exactly {@link #digits()} ASCII digits (null included) never
     *     matches
     * @param windowSteps steps accepted on each side of the current one, for clock drift and typing time (RFC 6238
     *     section 6); 0 to {@link #MAX_WINDOW_STEPS}
     * @param lastUsedStep the step returned by the last successful verification, or {@link #NEVER_USED}
     * @return the matched step, the greatest one if several match, or empty
     */
    public OptionalLong verify(byte[] secret, @Nullable String code, Instant now, int windowSteps, long lastUsedStep) {
        byte[] key = checkSecret(secret);
        long current = step(now);
        if (windowSteps < 0 || windowSteps > MAX_WINDOW_STEPS) {
            throw new IllegalArgumentException(
                    "windowSteps must be between 0 and " + MAX_WINDOW_STEPS + ", was " + windowSteps);
        }
        if (!isWellFormed(code)) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long matched = Long.MIN_VALUE;
        for (long step = Math.max(0, current - windowSteps); step <= current + windowSteps; step++) {
            byte[] expected = codeForStep(key, step).getBytes(StandardCharsets.US_ASCII);
            boolean equal = MessageDigest.isEqual(expected, given);
            // Keep the greatest match: had an earlier step been returned, the same code would pass again later.
            if (equal && step > lastUsedStep) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    private boolean isWellFormed(@Nullable String code) {
        if (code == null || code.length() != digits) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** HOTP of RFC 4226 section 5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
    private String codeForStep(byte[] key, long step) {
        byte[] counter = new byte[8];
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) (step >>> (8 * (7 - i)));
        }
        byte[] hash = hmac(key, counter);
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String otp = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - otp.length()) + otp;
    }

    private byte[] hmac(byte[] key, byte[] message) {
        try {
            // A new Mac per call: Mac instances are not thread-safe and this class is meant to be shared.
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // The JDK's SunJCE provider ships all three HMACs; reaching here means a broken runtime, not bad input.
            throw new IllegalStateException(algorithm.jcaName() + " is not available", e);
        }
    }

    private static byte[] checkSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret must not be null");
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        return secret;
    }

    @Override
    public String toString() {
        return "Totp[" + algorithm + ", " + digits + " digits, " + periodSeconds + " s]";
    }
}
