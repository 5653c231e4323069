package io.custodia.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement that the chain up to entry {@code seq} ends with {@code hash} (Ed25519 over
 * {@link #signedText()}). Copies kept outside the database (a file, a webhook) make a cut tail or a
 * rewritten chain detectable even by someone who controls the database.
 *
 * @param keyId     the first 16 hex digits of SHA-256 of the raw public key that signed it
 * @param signature the base64 Ed25519 signature
 */
public record Checkpoint(long seq, String hash, Instant at, String keyId, String signature) {

    public Checkpoint {
        if (seq < 1) throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** What is signed: {@code custodia-audit-checkpoint-v1|seq|hash|at as epoch microseconds}. */
    public String signedText() {
        return signedText(seq, hash, at);
    }

    static String signedText(long seq, String hash, Instant at) {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        return "custodia-audit-checkpoint-v1|" + seq + "|" + hash + "|" + micros;
    }

    byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.US_ASCII);
    }
}
