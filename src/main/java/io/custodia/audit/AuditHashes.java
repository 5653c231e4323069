package io.custodia.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The chain's hash: {@code hex(SHA-256(canonical(entry) || prevHash))} with the JDK's SHA-256 (no
 * hand-written hashing). The canonical encoding is injective: every field in a fixed order, each a
 * presence byte (0 = null, 1 = present, so null differs from "") and, when present, a 4-byte big-endian
 * length and its UTF-8 bytes (so "ab"+"c" never encodes like "a"+"bc"). Numbers are written as their
 * decimal text and times as epoch nanoseconds UTC. Changing this breaks every existing chain: version it.
 */
final class AuditHashes {

    /** The previous hash of the first entry, and the head of an empty ledger. */
    static final String GENESIS = "0".repeat(64);
    private static final byte[] VERSION = "custodia-audit-v1".getBytes(StandardCharsets.US_ASCII);

    private AuditHashes() {
    }

    /** The hash the entry should carry, from its fields and its {@code prevHash} (its own {@code hash} is ignored). */
    static String hash(StoredEntry entry) {
        MessageDigest sha256 = sha256();
        sha256.update(canonical(entry));
        sha256.update(entry.prevHash().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Whether the entry's stored hash is the one its fields and prevHash give. */
    static boolean recomputes(StoredEntry entry) {
        return MessageDigest.isEqual(hash(entry).getBytes(StandardCharsets.US_ASCII),
                entry.hash().getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] canonical(StoredEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, new String(VERSION, StandardCharsets.US_ASCII));
        field(out, Long.toString(e.seq()));
        field(out, Long.toString(epochNanos(e.at())));
        field(out, e.actorKind());
        field(out, e.actorId());
        field(out, e.action());
        field(out, e.purpose());
        field(out, e.subjectId() == null ? null : e.subjectId().toString());
        field(out, e.outcome());
        field(out, e.detail());
        field(out, e.correlationId());
        return out.toByteArray();
    }

    private static long epochNanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static void field(ByteArrayOutputStream out, @Nullable String value) {
        if (value == null) {
            out.write(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(1);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
