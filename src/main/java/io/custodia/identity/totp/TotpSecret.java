package io.custodia.identity.totp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The shared secret of a TOTP authenticator.
 *
 * <p>The array is copied on the way in and on the way out, so no caller can change a secret held elsewhere.
 * {@link #toString()} never shows it.
 *
 * @param bytes the raw key, at least {@link #MIN_BYTES} bytes
 */
public record TotpSecret(byte[] bytes) {

    /** RFC 4226 section 4, requirement R6: the shared secret MUST be at least 128 bits. */
    public static final int MIN_BYTES = 16;

    /** RFC 4226 section 4, requirement R6, recommends 160 bits, the output size of HMAC-SHA1. */
    public static final int GENERATED_BYTES = 20;

    public TotpSecret {
        Objects.requireNonNull(bytes, "bytes must not be null");
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "bytes must hold at least " + MIN_BYTES + " bytes (128 bits), had " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /**
     * A new random secret of {@link #GENERATED_BYTES} bytes. The generator is passed in so that callers use one
     * shared CSPRNG (ASVS 5.0 V6.5.3) and tests can use a seeded one.
     */
    public static TotpSecret generate(SecureRandom random) {
        Objects.requireNonNull(random, "random must not be null");
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        return new TotpSecret(bytes);
    }

    /** Reads a secret typed or pasted by a user; see {@link Base32#decode(String)} for what is accepted. */
    public static TotpSecret fromBase32(String base32) {
        return new TotpSecret(Base32.decode(base32));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Unpadded uppercase base32, the form authenticator apps take for manual entry and in otpauth URIs. */
    public String base32() {
        return Base32.encodeUnpadded(bytes);
    }

    /** The otpauth URI for a QR code, with the RFC 6238 defaults (SHA1, 6 digits, 30 seconds). */
    public String otpauthUri(String issuer, String accountName) {
        return otpauthUri(issuer, accountName, Totp.sha1Default());
    }

    /** The otpauth URI for a QR code, announcing the parameters of the given {@link Totp}. */
    public String otpauthUri(String issuer, String accountName, Totp totp) {
        return KeyUri.totp(base32(), issuer, accountName, totp);
    }

    /** Compares in constant time, like any comparison of secrets. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TotpSecret that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TotpSecret[redacted]";
    }
}
