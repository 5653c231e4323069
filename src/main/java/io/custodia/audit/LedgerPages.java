package io.custodia.audit;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's entries in {@code seq} order, a page at a time, for the verifier. On PostgreSQL the rows
 * stream through one {@code COPY ... TO STDOUT (FORMAT binary)}: no text rendering of times, UUIDs and
 * numbers on the server, no parsing in the driver, and one statement for the whole walk (a keyset page
 * query per 10,000 rows otherwise). Elsewhere (H2) pages are keyset queries. Both run in the caller's
 * transaction, so the verifier's repeatable-read snapshot covers every page.
 *
 * <p>Close it: a walk that stops early (a broken entry) must finish the copy before its connection goes
 * back to the pool.
 */
abstract sealed class LedgerPages implements Iterator<List<StoredEntry>>, AutoCloseable {

    /**
     * @param connection the transaction's connection (the verifier's snapshot)
     * @param afterSeq   the seq after which to start
     */
    static LedgerPages open(JdbcClient jdbc, Connection connection, long afterSeq, int pageSize) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            return new Copy(connection.unwrap(PGConnection.class), afterSeq, pageSize);
        }
        return new Keyset(jdbc, afterSeq, pageSize);
    }

    @Override
    public abstract void close();

    /** Keyset pages: {@code WHERE seq > last ORDER BY seq LIMIT n}. */
    private static final class Keyset extends LedgerPages {
        private final JdbcClient jdbc;
        private final int pageSize;
        private long after;
        private @Nullable List<StoredEntry> next;
        private boolean done;

        Keyset(JdbcClient jdbc, long afterSeq, int pageSize) {
            this.jdbc = jdbc;
            this.after = afterSeq;
            this.pageSize = pageSize;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                List<StoredEntry> page = jdbc.sql("SELECT " + AuditVerifier.COLUMNS + " FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT " + pageSize)
                        .param(after).query((rs, n) -> AuditVerifier.stored(rs)).list();
                done = page.size() < pageSize;
                if (!page.isEmpty()) {
                    after = page.getLast().seq();
                    next = page;
                }
            }
            return next != null;
        }

        @Override
        public List<StoredEntry> next() {
            if (!hasNext()) throw new NoSuchElementException();
            List<StoredEntry> page = next;
            next = null;
            return page;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One binary COPY of the whole walk (PostgreSQL's binary copy format: a signature and header, then per
     * row a 16-bit field count and per field a 32-bit length, -1 for null, and the value in the type's
     * binary send format; a field count of -1 ends the data).
     */
    private static final class Copy extends LedgerPages {
        private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
        /** PostgreSQL's epoch for timestamps: 2000-01-01T00:00:00Z, in Unix seconds. */
        private static final long PG_EPOCH_SECONDS = 946_684_800L;
        private static final int FIELDS = 12;

        private final CopyOut copy;
        private final int pageSize;
        private @Nullable ByteBuffer message;
        private boolean ended;

        Copy(PGConnection connection, long afterSeq, int pageSize) throws SQLException {
            this.pageSize = pageSize;
            // afterSeq is a long: formatting it into the statement cannot inject anything (COPY takes no parameters)
            this.copy = connection.getCopyAPI().copyOut("COPY (SELECT " + AuditVerifier.COLUMNS
                    + " FROM audit_entry WHERE seq > " + afterSeq + " ORDER BY seq) TO STDOUT (FORMAT binary)");
            try {
                byte[] signature = new byte[SIGNATURE.length];
                bytes(signature);
                if (!java.util.Arrays.equals(signature, SIGNATURE)) throw new IllegalStateException("not a binary COPY stream");
                int flags = int32();
                if ((flags & 0xFFFF0000) != 0) throw new IllegalStateException("unknown binary COPY flags " + flags);
                skip(int32());
            } catch (RuntimeException | SQLException e) {
                close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            return !ended;
        }

        @Override
        public List<StoredEntry> next() {
            if (ended) throw new NoSuchElementException();
            List<StoredEntry> page = new ArrayList<>(pageSize);
            try {
                while (page.size() < pageSize) {
                    StoredEntry row = row();
                    if (row == null) {
                        ended = true;
                        break;
                    }
                    page.add(row);
                }
            } catch (SQLException e) {
                close();
                throw new org.springframework.dao.DataAccessResourceFailureException("reading the ledger failed", e);
            }
            // a page ending exactly at the end of the data is followed by one empty page
            return page;
        }

        /** The next row, or null at the end of the data. */
        private @Nullable StoredEntry row() throws SQLException {
            if (message == null || !message.hasRemaining()) {
                if (!fill()) return null;
            }
            short count = int16();
            if (count == -1) {
                drain();
                return null;
            }
            if (count != FIELDS) throw new IllegalStateException("expected " + FIELDS + " fields per ledger row, got " + count);
            long seq = int64Field();
            Instant at = timestampField();
            String actorKind = text();
            String actorId = text();
            String action = text();
            String purpose = text();
            UUID subject = uuidField();
            String outcome = text();
            String detail = text();
            String correlation = text();
            String prevHash = text();
            String hash = text();
            return new StoredEntry(seq, at, actorKind, actorId, action, purpose, subject, outcome, detail, correlation, prevHash, hash);
        }

        private long int64Field() throws SQLException {
            int length = int32();
            if (length != 8) throw new IllegalStateException("a bigint of " + length + " bytes");
            return int64();
        }

        private Instant timestampField() throws SQLException {
            int length = int32();
            if (length != 8) throw new IllegalStateException("a timestamp of " + length + " bytes");
            long micros = int64();
            return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }

        private @Nullable UUID uuidField() throws SQLException {
            int length = int32();
            if (length == -1) return null;
            if (length != 16) throw new IllegalStateException("a uuid of " + length + " bytes");
            return new UUID(int64(), int64());
        }

        private @Nullable String text() throws SQLException {
            int length = int32();
            if (length == -1) return null;
            ensure(length);
            ByteBuffer m = message;
            String value = new String(m.array(), m.arrayOffset() + m.position(), length, StandardCharsets.UTF_8);
            m.position(m.position() + length);
            return value;
        }

        private short int16() throws SQLException {
            ensure(2);
            return message.getShort();
        }

        private int int32() throws SQLException {
            ensure(4);
            return message.getInt();
        }

        private long int64() throws SQLException {
            ensure(8);
            return message.getLong();
        }

        private void bytes(byte[] into) throws SQLException {
            ensure(into.length);
            message.get(into);
        }

        private void skip(int n) throws SQLException {
            if (n < 0) throw new IllegalStateException("negative header extension length");
            ensure(n);
            message.position(message.position() + n);
        }

        /**
         * Makes sure {@code n} bytes are buffered. PostgreSQL sends a message per row (the header travels
         * with the first), but the format does not promise it, so a value split across messages is joined.
         */
        private void ensure(int n) throws SQLException {
            if (message != null && message.remaining() >= n) return;
            ByteBuffer joined = ByteBuffer.allocate(Math.max(n, 256));
            if (message != null) joined.put(message);
            while (joined.position() < n) {
                byte[] more = copy.readFromCopy();
                if (more == null) throw new IllegalStateException("the ledger's COPY stream ended inside a row", new EOFException());
                if (joined.remaining() < more.length) {
                    ByteBuffer bigger = ByteBuffer.allocate(joined.position() + more.length);
                    joined.flip();
                    bigger.put(joined);
                    joined = bigger;
                }
                joined.put(more);
            }
            joined.flip();
            message = joined;
        }

        /** Reads the next message; false at the end of the copy. */
        private boolean fill() throws SQLException {
            byte[] more = copy.readFromCopy();
            if (more == null) {
                ended = true;
                return false;
            }
            message = ByteBuffer.wrap(more);
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
            message = null;
            try {
                while (copy.isActive() && copy.readFromCopy() != null) {
                    // discard
                }
            } catch (SQLException e) {
                // the connection failed: the driver marks it broken and the pool discards it
            }
        }
    }
}
