package io.custodia.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The chain's hash: {@code hex(SHA-256(canonical(entry) || prevHash))} with the JDK's SHA-256 (no
 * hand-written hashing). The canonical encoding is injective: every field in a fixed order, each a
 * presence byte (0 = null, 1 = present, so null differs from "") and, when present, a 4-byte big-endian
 * length and its UTF-8 bytes (so "ab"+"c" never encodes like "a"+"bc"). Numbers are written as their
 * decimal text and times as epoch nanoseconds UTC. Changing this breaks every existing chain: version it.
 *
 * <p>Verification hashes every entry, so this reuses one digest and one buffer per thread.
 */
final class AuditHashes {

    /** The previous hash of the first entry, and the head of an empty ledger. */
    static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "custodia-audit-v1";
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

    private AuditHashes() {
    }

    /** The hash the entry should carry, from its fields and its {@code prevHash} (its own {@code hash} is ignored). */
    static String hash(StoredEntry entry) {
        return HEX.formatHex(hashBytes(entry));
    }

    static byte[] hashBytes(StoredEntry entry) {
        Encoder encoder = ENCODERS.get();
        encoder.encode(entry);
        MessageDigest sha256 = encoder.sha256;
        sha256.update(encoder.buffer, 0, encoder.length);
        sha256.update(entry.prevHash().getBytes(StandardCharsets.UTF_8));
        return sha256.digest();
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** Whether {@code stored} is the lowercase hex of {@code computed} (hashes are public: no constant time needed). */
    static boolean matches(byte[] computed, String stored) {
        if (stored.length() != computed.length * 2) return false;
        for (int i = 0; i < computed.length; i++) {
            if (stored.charAt(2 * i) != DIGITS[(computed[i] >> 4) & 0xf] || stored.charAt(2 * i + 1) != DIGITS[computed[i] & 0xf]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the entry's stored hash is the one its fields and prevHash give. A row that cannot even be
     * encoded (a time beyond the year 2262 written in by hand) does not recompute: it is reported, not thrown.
     */
    static boolean recomputes(StoredEntry entry) {
        try {
            return matches(hashBytes(entry), entry.hash());
        } catch (ArithmeticException unencodable) {
            return false;
        }
    }

    static byte[] canonical(StoredEntry e) {
        Encoder encoder = new Encoder();
        encoder.encode(e);
        return Arrays.copyOf(encoder.buffer, encoder.length);
    }

    private static long epochNanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** A growing byte buffer and a SHA-256 digest, reused by one thread. */
    private static final class Encoder {
        final MessageDigest sha256 = sha256();
        byte[] buffer = new byte[512];
        int length;

        void encode(StoredEntry e) {
            length = 0;
            field(VERSION);
            field(Long.toString(e.seq()));
            field(Long.toString(epochNanos(e.at())));
            field(e.actorKind());
            field(e.actorId());
            field(e.action());
            field(e.purpose());
            field(e.subjectId() == null ? null : e.subjectId().toString());
            field(e.outcome());
            field(e.detail());
            field(e.correlationId());
        }

        private void field(@Nullable String value) {
            if (value == null) {
                ensure(1);
                buffer[length++] = 0;
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            ensure(5 + bytes.length);
            buffer[length++] = 1;
            buffer[length++] = (byte) (bytes.length >>> 24);
            buffer[length++] = (byte) (bytes.length >>> 16);
            buffer[length++] = (byte) (bytes.length >>> 8);
            buffer[length++] = (byte) bytes.length;
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
