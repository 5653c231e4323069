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

    /**
     * The same hash computed straight from a row of the ledger's binary COPY ({@link LedgerPages}), without
     * building its strings: a text field there is a 4-byte big-endian length and its UTF-8 bytes, which is
     * what the canonical encoding writes after its presence byte; PostgreSQL keeps only valid UTF-8 in a
     * text column, so these bytes are the ones {@link Encoder} would get back from the decoded string. Only
     * the seq, the time and the subject are turned into the text the encoding takes. One per thread.
     */
    static final class CopyRowHasher {
        /** The fields of a row, in {@link AuditVerifier#COLUMNS} order. */
        static final int SEQ = 0, AT = 1, SUBJECT = 6, PREV_HASH = 10, HASH = 11, FIELDS = 12;
        private static final byte[] VERSION_FIELD = versionField();

        private final MessageDigest sha256 = sha256();
        private final byte[] digest = new byte[32];
        private byte[] buffer = new byte[512];
        private int length;

        /**
         * Whether the row's stored hash recomputes from its fields.
         *
         * @param row    the bytes holding the row
         * @param start  where the row starts in them
         * @param fields for each field, where its 4-byte length word starts, counted from {@code start}
         * @param epochNanos the row's time as epoch nanoseconds (already read by the caller)
         */
        boolean recomputes(byte[] row, int start, int[] fields, long seq, long epochNanos) {
            length = 0;
            ensure(VERSION_FIELD.length + 2 * 25);
            System.arraycopy(VERSION_FIELD, 0, buffer, 0, VERSION_FIELD.length);
            length = VERSION_FIELD.length;
            decimal(seq);
            decimal(epochNanos);
            for (int f = 2; f < PREV_HASH; f++) {
                if (f == SUBJECT) {
                    uuid(row, start + fields[f]);
                } else {
                    text(row, start + fields[f]);
                }
            }
            int prev = start + fields[PREV_HASH];
            int hash = start + fields[HASH];
            if (int32(row, prev) < 0 || int32(row, hash) != 64) return false;
            sha256.update(buffer, 0, length);
            sha256.update(row, prev + 4, int32(row, prev));
            try {
                sha256.digest(digest, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0, at = hash + 4; i < 32; i++, at += 2) {
                if (row[at] != DIGITS[(digest[i] >> 4) & 0xf] || row[at + 1] != DIGITS[digest[i] & 0xf]) return false;
            }
            return true;
        }

        /** A text field: absent (length -1) as a 0 byte, else a 1 byte and the field's length word and bytes as they are. */
        private void text(byte[] row, int at) {
            int n = int32(row, at);
            if (n < 0) {
                ensure(1);
                buffer[length++] = 0;
                return;
            }
            ensure(5 + n);
            buffer[length++] = 1;
            System.arraycopy(row, at, buffer, length, 4 + n);
            length += 4 + n;
        }

        /** A uuid field (16 bytes) as the text {@link java.util.UUID#toString()} gives. */
        private void uuid(byte[] row, int at) {
            ensure(41);
            if (int32(row, at) < 0) {
                buffer[length++] = 0;
                return;
            }
            buffer[length++] = 1;
            buffer[length++] = 0;
            buffer[length++] = 0;
            buffer[length++] = 0;
            buffer[length++] = 36;
            for (int i = 0; i < 16; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10) buffer[length++] = '-';
                byte b = row[at + 4 + i];
                buffer[length++] = (byte) DIGITS[(b >> 4) & 0xf];
                buffer[length++] = (byte) DIGITS[b & 0xf];
            }
        }

        /** A number as its decimal text, as {@link Long#toString(long)} writes it. */
        private void decimal(long value) {
            int start = length + 5;
            int end = start;
            if (value == Long.MIN_VALUE) {
                byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, buffer, start, text.length);
                end += text.length;
            } else {
                long v = Math.abs(value);
                int digits = 1;
                for (long t = v; t >= 10; t /= 10) digits++;
                if (value < 0) buffer[end++] = '-';
                end += digits;
                for (int i = end - 1; i >= end - digits; i--, v /= 10) buffer[i] = (byte) ('0' + v % 10);
            }
            int n = end - start;
            buffer[length] = 1;
            buffer[length + 1] = (byte) (n >>> 24);
            buffer[length + 2] = (byte) (n >>> 16);
            buffer[length + 3] = (byte) (n >>> 8);
            buffer[length + 4] = (byte) n;
            length = end;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }

        static int int32(byte[] b, int at) {
            return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        }

        private static byte[] versionField() {
            Encoder encoder = new Encoder();
            encoder.field(VERSION);
            return Arrays.copyOf(encoder.buffer, encoder.length);
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
