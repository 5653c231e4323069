package io.custodia.audit;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's entries in {@code seq} order, walked for the verifier. On PostgreSQL the rows stream through
 * one {@code COPY ... TO STDOUT (FORMAT binary)}: no text rendering of times, UUIDs and numbers on the
 * server, no parsing in the driver, one statement for the whole stretch, and each row hashed and checked as
 * it is read, while its bytes are in the cache, with no page of rows kept alive. Elsewhere (H2) pages of
 * {@code pageSize} are keyset queries, each hashed on every core. Both run in the caller's transaction, so the
 * verifier's repeatable-read snapshot covers every row.
 *
 * <p>Close it: a walk that stops early (a broken entry) must finish the copy before its connection goes
 * back to the pool.
 */
abstract sealed class LedgerPages implements AutoCloseable {

    /**
     * @param connection the transaction's connection (the verifier's snapshot)
     * @param afterSeq   the seq after which to start
     * @param upToSeq    the last seq to read ({@link Long#MAX_VALUE}: to the end)
     */
    static LedgerPages open(JdbcClient jdbc, Connection connection, long afterSeq, long upToSeq, int pageSize) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            return new Copy(connection.unwrap(PGConnection.class), afterSeq, upToSeq);
        }
        return new Keyset(jdbc, afterSeq, upToSeq, pageSize);
    }

    /** Whether the walk can read in parallel: several COPY streams on connections sharing one snapshot (PostgreSQL). */
    static boolean parallel(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class);
    }

    /** Walks every entry, in order; the first broken entry, or null. */
    abstract @Nullable VerificationReport walk(ChainWalk walk);

    @Override
    public abstract void close();

    /** Keyset pages: {@code WHERE seq > last ORDER BY seq LIMIT n}, hashed on every core. */
    private static final class Keyset extends LedgerPages {
        private final JdbcClient jdbc;
        private final int pageSize;
        private final long upTo;
        private long after;
        private boolean done;

        Keyset(JdbcClient jdbc, long afterSeq, long upToSeq, int pageSize) {
            this.jdbc = jdbc;
            this.after = afterSeq;
            this.upTo = upToSeq;
            this.pageSize = pageSize;
        }

        @Override
        @Nullable VerificationReport walk(ChainWalk walk) {
            while (!done) {
                List<StoredEntry> page = jdbc.sql("SELECT " + AuditVerifier.COLUMNS + " FROM audit_entry WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT "
                        + pageSize).param(after).param(upTo).query((rs, n) -> AuditVerifier.stored(rs)).list();
                done = page.size() < pageSize;
                if (page.isEmpty()) break;
                after = page.getLast().seq();
                boolean[] recomputes = new boolean[page.size()];
                java.util.stream.IntStream.range(0, page.size()).parallel().forEach(i -> recomputes[i] = AuditHashes.recomputes(page.get(i)));
                for (int i = 0; i < page.size(); i++) {
                    VerificationReport broken = walk.check(page.get(i), recomputes[i]);
                    if (broken != null) return broken;
                }
            }
            return null;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One binary COPY of the whole walk (PostgreSQL's binary copy format: a signature and header, then per
     * row a 16-bit field count and per field a 32-bit length, -1 for null, and the value in the type's
     * binary send format; a field count of -1 ends the data). Each row is hashed as it is read, straight
     * from its bytes ({@link AuditHashes.CopyRowHasher}), on the thread that reads it.
     */
    private static final class Copy extends LedgerPages {
        private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
        /** PostgreSQL's epoch for timestamps: 2000-01-01T00:00:00Z, in Unix seconds. */
        private static final long PG_EPOCH_SECONDS = 946_684_800L;
        private static final int FIELDS = AuditHashes.CopyRowHasher.FIELDS;

        private final CopyOut copy;
        private final AuditHashes.CopyRowHasher hasher = new AuditHashes.CopyRowHasher();
        /** The bytes received and not yet read: {@code buf[pos, limit)}; the current row starts at {@code rowStart}. */
        private byte[] buf = new byte[0];
        private int pos;
        private int limit;
        private int rowStart;
        private boolean ended;

        Copy(PGConnection connection, long afterSeq, long upToSeq) throws SQLException {
            // the bounds are longs: formatting them into the statement cannot inject anything (COPY takes no parameters)
            this.copy = connection.getCopyAPI().copyOut("COPY (SELECT " + AuditVerifier.COLUMNS + " FROM audit_entry WHERE seq > "
                    + afterSeq + (upToSeq == Long.MAX_VALUE ? "" : " AND seq <= " + upToSeq) + " ORDER BY seq) TO STDOUT (FORMAT binary)");
            try {
                rowStart = pos;
                require(SIGNATURE.length + 8);
                if (!java.util.Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                    throw new IllegalStateException("not a binary COPY stream");
                }
                pos += SIGNATURE.length;
                int flags = int32(buf, pos);
                if ((flags & 0xFFFF0000) != 0) throw new IllegalStateException("unknown binary COPY flags " + flags);
                int extension = int32(buf, pos + 4);
                if (extension < 0) throw new IllegalStateException("negative header extension length");
                pos += 8;
                require(pos + extension);
                pos += extension;
            } catch (RuntimeException | SQLException e) {
                close();
                throw e;
            }
        }

        @Override
        @Nullable VerificationReport walk(ChainWalk walk) {
            try {
                while (!ended) {
                    Row row = readRow();
                    if (row == null) {
                        ended = true;
                        return null;
                    }
                    VerificationReport broken = walk.check(row, row.recomputes);
                    if (broken != null) return broken;
                }
                return null;
            } catch (SQLException e) {
                close();
                throw new org.springframework.dao.DataAccessResourceFailureException("reading the ledger failed", e);
            }
        }

        /** Reads and hashes the next row; null at the end of the data. */
        private @Nullable Row readRow() throws SQLException {
            if (pos == limit && !fill()) return null;
            rowStart = pos;
            require(pos + 2);
            short count = (short) ((buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff));
            pos += 2;
            if (count == -1) {
                drain();
                return null;
            }
            if (count != FIELDS) throw new IllegalStateException("expected " + FIELDS + " fields per ledger row, got " + count);
            int[] fields = new int[FIELDS];
            for (int f = 0; f < FIELDS; f++) {
                require(pos + 4);
                int length = int32(buf, pos);
                if (length < -1) throw new IllegalStateException("a field of " + length + " bytes");
                fields[f] = pos - rowStart;
                pos += 4;
                if (length > 0) {
                    require(pos + length);
                    pos += length;
                }
            }
            Row row = new Row(buf, rowStart, fields);
            try {
                row.recomputes = hasher.recomputes(buf, rowStart, fields, row.seq, Math.addExact(Math.multiplyExact(row.seconds, 1_000_000_000L),
                        row.nanos));
            } catch (ArithmeticException unencodable) {
                row.recomputes = false;
            }
            return row;
        }

        /**
         * Makes sure {@code buf} holds the bytes up to {@code end}. PostgreSQL sends a message per row (the
         * header travels with the first), but the format does not promise it, so a row split across messages
         * is joined; the row then starts at 0 of the joined bytes (field positions are counted from its start).
         */
        private void require(int end) throws SQLException {
            while (limit < end) {
                byte[] more = copy.readFromCopy();
                if (more == null) throw new IllegalStateException("the ledger's COPY stream ended inside a row", new EOFException());
                byte[] joined = new byte[limit - rowStart + more.length];
                System.arraycopy(buf, rowStart, joined, 0, limit - rowStart);
                System.arraycopy(more, 0, joined, limit - rowStart, more.length);
                end -= rowStart;
                pos -= rowStart;
                limit = joined.length;
                rowStart = 0;
                buf = joined;
            }
        }

        /** Reads the next message; false at the end of the copy. */
        private boolean fill() throws SQLException {
            byte[] more = copy.readFromCopy();
            if (more == null) {
                ended = true;
                return false;
            }
            buf = more;
            pos = 0;
            limit = more.length;
            return true;
        }

        /** After the trailer: reads to the end so the connection is ready for the next statement. */
        private void drain() throws SQLException {
            while (copy.readFromCopy() != null) {
                // nothing follows the trailer
            }
        }

        /**
         * Reads what is left of the copy. Cancelling it instead (pgjdbc's {@code cancelCopy}) left the
         * connection out of step with the server's messages; a walk stops early only on a broken ledger, so
         * reading to the end costs what a full verification costs.
         */
        @Override
        public void close() {
            ended = true;
            buf = new byte[0];
            pos = limit = rowStart = 0;
            try {
                while (copy.isActive() && copy.readFromCopy() != null) {
                    // discard
                }
            } catch (SQLException e) {
                // the connection failed: the driver marks it broken and the pool discards it
            }
        }
    }

    /**
     * A row of the binary COPY, kept as its bytes: the walk reads its seq and hashes, and its other fields
     * are decoded only when the chain breaks on it (or to check a LEDGER_PRUNED record).
     */
    private static final class Row implements ChainEntry {
        private static final byte[] PRUNED = AuditAction.LEDGER_PRUNED.name().getBytes(StandardCharsets.US_ASCII);

        private final byte[] bytes;
        private final int start;
        /** Where each field's length word starts, from {@code start}. */
        private final int[] fields;
        final long seq;
        final long seconds;
        final int nanos;
        /** Whether the row's stored hash recomputes from its bytes. */
        boolean recomputes;

        Row(byte[] bytes, int start, int[] fields) {
            this.bytes = bytes;
            this.start = start;
            this.fields = fields;
            this.seq = fixed(AuditHashes.CopyRowHasher.SEQ, 8, "bigint");
            long micros = fixed(AuditHashes.CopyRowHasher.AT, 8, "timestamp");
            this.seconds = Copy.PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L);
            this.nanos = (int) (Math.floorMod(micros, 1_000_000L) * 1_000L);
            if (int32(bytes, start + fields[AuditHashes.CopyRowHasher.PREV_HASH]) < 0 || int32(bytes, start + fields[AuditHashes.CopyRowHasher.HASH]) < 0) {
                throw new IllegalStateException("a ledger row without its hashes");
            }
        }

        @Override
        public long seq() {
            return seq;
        }

        @Override
        public String prevHash() {
            return java.util.Objects.requireNonNull(text(AuditHashes.CopyRowHasher.PREV_HASH));
        }

        @Override
        public String hash() {
            return java.util.Objects.requireNonNull(text(AuditHashes.CopyRowHasher.HASH));
        }

        /** Compares the stored bytes: no string is made for the hashes of an entry that links. */
        @Override
        public boolean follows(ChainEntry previous) {
            if (!(previous instanceof Row p)) return ChainEntry.super.follows(previous);
            int mine = start + fields[AuditHashes.CopyRowHasher.PREV_HASH];
            int theirs = p.start + p.fields[AuditHashes.CopyRowHasher.HASH];
            int length = int32(bytes, mine);
            return length == int32(p.bytes, theirs) && java.util.Arrays.equals(bytes, mine + 4, mine + 4 + length, p.bytes, theirs + 4, theirs + 4 + length);
        }

        @Override
        public boolean prevHashIs(String hash) {
            return ascii(AuditHashes.CopyRowHasher.PREV_HASH, hash);
        }

        @Override
        public boolean hashIs(String hash) {
            return ascii(AuditHashes.CopyRowHasher.HASH, hash);
        }

        /** Whether the field holds exactly {@code text}, which is ASCII (hex digits): one byte per character. */
        private boolean ascii(int field, String text) {
            int at = start + fields[field];
            if (int32(bytes, at) != text.length()) return false;
            for (int i = 0; i < text.length(); i++) {
                if (bytes[at + 4 + i] != text.charAt(i)) return false;
            }
            return true;
        }

        @Override
        public boolean recordsPruningBefore(long firstSeq) {
            int at = start + fields[4];
            return int32(bytes, at) == PRUNED.length && java.util.Arrays.equals(bytes, at + 4, at + 4 + PRUNED.length, PRUNED, 0, PRUNED.length)
                    && entry().recordsPruningBefore(firstSeq);
        }

        @Override
        public StoredEntry entry() {
            return new StoredEntry(seq, Instant.ofEpochSecond(seconds, nanos), text(2), text(3), text(4), text(5), uuid(6), text(7), text(8),
                    text(9), prevHash(), hash());
        }

        private long fixed(int field, int size, String type) {
            int at = start + fields[field];
            int length = int32(bytes, at);
            if (length != size) throw new IllegalStateException("a " + type + " of " + length + " bytes");
            return long64(bytes, at + 4);
        }

        private @Nullable UUID uuid(int field) {
            int at = start + fields[field];
            int length = int32(bytes, at);
            if (length == -1) return null;
            if (length != 16) throw new IllegalStateException("a uuid of " + length + " bytes");
            return new UUID(long64(bytes, at + 4), long64(bytes, at + 12));
        }

        private @Nullable String text(int field) {
            int at = start + fields[field];
            int length = int32(bytes, at);
            return length == -1 ? null : new String(bytes, at + 4, length, StandardCharsets.UTF_8);
        }
    }

    static int int32(byte[] b, int at) {
        return AuditHashes.CopyRowHasher.int32(b, at);
    }

    static long long64(byte[] b, int at) {
        return (long) int32(b, at) << 32 | (int32(b, at + 4) & 0xFFFFFFFFL);
    }
}
