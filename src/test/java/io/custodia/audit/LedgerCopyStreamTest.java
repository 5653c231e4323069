package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.custodia.audit.VerificationReport.Problem;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * The verifier's reader of PostgreSQL's binary COPY, fed a stream as the server would send it (a message per
 * row) and cut at random places (a row, even a length word, split across messages, which the format allows):
 * the chain verifies whole either way, and an entry changed in the stream is named.
 */
class LedgerCopyStreamTest {

    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final int ENTRIES = 300;

    @Test
    void aChainReadFromOneMessagePerRowOrFromRandomCutsVerifiesWhole() throws Exception {
        List<StoredEntry> chain = chain();
        VerifiedWalk perRow = walk(messages(stream(chain, -1), null));
        assertThat(perRow.broken()).isNull();
        assertThat(perRow.walk().checked()).isEqualTo(ENTRIES);
        assertThat(perRow.walk().lastHash()).isEqualTo(chain.getLast().hash());
        for (long seed = 1; seed <= 20; seed++) {
            VerifiedWalk cut = walk(messages(stream(chain, -1), new Random(seed)));
            assertThat(cut.broken()).as("seed " + seed).isNull();
            assertThat(cut.walk().checked()).isEqualTo(ENTRIES);
        }
    }

    @Test
    void anEntryChangedInTheStreamIsNamedWhereverTheCutsFall() throws Exception {
        List<StoredEntry> chain = chain();
        for (long seed = 1; seed <= 10; seed++) {
            VerifiedWalk cut = walk(messages(stream(chain, 137), new Random(seed)));
            assertThat(cut.broken()).isNotNull();
            assertThat(cut.broken().problem()).isEqualTo(Problem.ALTERED);
            assertThat(cut.broken().seq()).isEqualTo(137L);
        }
    }

    private record VerifiedWalk(ChainWalk walk, @Nullable VerificationReport broken) {
    }

    private static VerifiedWalk walk(List<byte[]> messages) throws Exception {
        Iterator<byte[]> next = messages.iterator();
        CopyOut copy = new CopyOut() {
            @Override
            public byte[] readFromCopy() {
                return next.hasNext() ? next.next() : null;
            }

            @Override
            public byte[] readFromCopy(boolean block) {
                return readFromCopy();
            }

            @Override
            public int getFieldCount() {
                return 12;
            }

            @Override
            public int getFormat() {
                return 1;
            }

            @Override
            public int getFieldFormat(int field) {
                return 1;
            }

            @Override
            public boolean isActive() {
                return next.hasNext();
            }

            @Override
            public void cancelCopy() {
            }

            @Override
            public long getHandledRowCount() {
                return 0;
            }
        };
        CopyManager copies = mock(CopyManager.class);
        when(copies.copyOut(anyString())).thenReturn(copy);
        PGConnection pg = mock(PGConnection.class);
        when(pg.getCopyAPI()).thenReturn(copies);
        Connection connection = mock(Connection.class);
        when(connection.isWrapperFor(PGConnection.class)).thenReturn(true);
        when(connection.unwrap(PGConnection.class)).thenReturn(pg);
        ChainWalk walk = new ChainWalk(0, AuditHashes.GENESIS, null, 1, ENTRIES, Map.of());
        try (LedgerPages pages = LedgerPages.open(null, connection, 0, Long.MAX_VALUE, AuditVerifier.PAGE)) {
            return new VerifiedWalk(walk, pages.walk(walk));
        }
    }

    /** Entries chained as the ledger chains them: accents and emoji, absent purposes, subjects and correlation ids. */
    private static List<StoredEntry> chain() {
        List<StoredEntry> chain = new ArrayList<>();
        String prev = AuditHashes.GENESIS;
        Instant start = Instant.parse("2026-11-29T10:15:30.123456Z");
        for (long seq = 1; seq <= ENTRIES; seq++) {
            StoredEntry unsigned = new StoredEntry(seq, start.plusNanos(seq * 1_000), "STAFF", "account-" + seq, "READ", seq % 3 == 0 ? null : "crm",
                    seq % 4 == 0 ? null : UUID.nameUUIDFromBytes(Long.toString(seq).getBytes(StandardCharsets.UTF_8)), "ALLOWED",
                    "record=person; fields=emails,first_name; note=détail é 😀 " + "x".repeat((int) (seq % 50)), seq % 5 == 0 ? null : "req-" + seq, prev, "");
            String hash = AuditHashes.hash(unsigned);
            chain.add(new StoredEntry(seq, unsigned.at(), unsigned.actorKind(), unsigned.actorId(), unsigned.action(), unsigned.purpose(),
                    unsigned.subjectId(), unsigned.outcome(), unsigned.detail(), unsigned.correlationId(), prev, hash));
            prev = hash;
        }
        return chain;
    }

    /**
     * The binary COPY of these entries, one byte array per row (the header with the first, the trailer alone);
     * {@code changed}: that entry's detail altered, its hash left as it was.
     */
    private static List<byte[]> stream(List<StoredEntry> entries, long changed) {
        List<byte[]> rows = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(ByteBuffer.allocate(8).putInt(0).putInt(0).array());
        for (StoredEntry e : entries) {
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) 12).array());
            out.writeBytes(ByteBuffer.allocate(12).putInt(8).putLong(e.seq()).array());
            long micros = (e.at().getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + e.at().getNano() / 1_000;
            out.writeBytes(ByteBuffer.allocate(12).putInt(8).putLong(micros).array());
            for (String text : new String[] {e.actorKind(), e.actorId(), e.action(), e.purpose()}) CopyRowHasherPropertiesTest.text(out, text);
            if (e.subjectId() == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                out.writeBytes(ByteBuffer.allocate(20).putInt(16).putLong(e.subjectId().getMostSignificantBits())
                        .putLong(e.subjectId().getLeastSignificantBits()).array());
            }
            String detail = e.seq() == changed ? e.detail().replace("emails", "phones") : e.detail();
            for (String text : new String[] {e.outcome(), detail, e.correlationId(), e.prevHash(), e.hash()}) CopyRowHasherPropertiesTest.text(out, text);
            rows.add(out.toByteArray());
            out.reset();
        }
        rows.add(ByteBuffer.allocate(2).putShort((short) -1).array());
        return rows;
    }

    /** The rows as messages: one each, or the whole stream cut every 1 to 60 bytes. */
    private static List<byte[]> messages(List<byte[]> rows, @Nullable Random cuts) {
        if (cuts == null) return rows;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        rows.forEach(all::writeBytes);
        byte[] bytes = all.toByteArray();
        List<byte[]> messages = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + cuts.nextInt(60));
            messages.add(Arrays.copyOfRange(bytes, at, at + n));
            at += n;
        }
        return messages;
    }

}
