package io.custodia.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a ciphertext belongs: table, column and record. With the subject id it forms the associated
 * data, so a ciphertext copied to another row, column or table fails to decrypt (invariant 1).
 */
public record CipherContext(String table, String column, UUID record) {

    /** Longest a table and column name may be together for their prefix to be kept (longer ones are built each time). */
    private static final int CACHED_PREFIX_LIMIT = 256;
    /** The associated data's start for each (table, column) met: the set is the schema's, so it stays small. */
    private static final ConcurrentHashMap<Where, byte[]> PREFIXES = new ConcurrentHashMap<>();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private record Where(String table, String column) {
    }

    public CipherContext {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(record, "record");
    }

    /**
     * {@code custodia:v1|<table>|<column>|<subject>|<record>} in UTF-8, the ids as {@link UUID#toString()} writes
     * them. Every field read or written builds one, so the start is kept per (table, column) and the two ids
     * are written as hex digits straight into the array.
     */
    byte[] associatedData(UUID subject) {
        byte[] prefix = prefix();
        byte[] data = Arrays.copyOf(prefix, prefix.length + 36 + 1 + 36);
        int at = writeUuid(data, prefix.length, subject);
        data[at++] = '|';
        writeUuid(data, at, record);
        return data;
    }

    private byte[] prefix() {
        Where where = new Where(table, column);
        byte[] prefix = PREFIXES.get(where);
        if (prefix != null) return prefix;
        prefix = ("custodia:v1|" + table + "|" + column + "|").getBytes(StandardCharsets.UTF_8);
        if (prefix.length <= CACHED_PREFIX_LIMIT && PREFIXES.size() < 4_096) PREFIXES.putIfAbsent(where, prefix);
        return prefix;
    }

    /** Writes the 36 characters of {@link UUID#toString()} at {@code at}; returns the index after them. */
    private static int writeUuid(byte[] into, int at, UUID id) {
        long msb = id.getMostSignificantBits(), lsb = id.getLeastSignificantBits();
        at = hex(into, at, msb >>> 32, 8);
        into[at++] = '-';
        at = hex(into, at, msb >>> 16, 4);
        into[at++] = '-';
        at = hex(into, at, msb, 4);
        into[at++] = '-';
        at = hex(into, at, lsb >>> 48, 4);
        into[at++] = '-';
        return hex(into, at, lsb, 12);
    }

    /** The low {@code digits} hex digits of {@code value}, most significant first. */
    private static int hex(byte[] into, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) into[at + digits - 1 - i] = HEX[(int) (value >>> (4 * i)) & 0xf];
        return at + digits;
    }
}
