package io.custodia.audit;

import io.custodia.audit.VerificationReport.Problem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the whole ledger from the genesis hash to the head and names the first broken entry (GDPR
 * Art. 5(2): demonstrable accountability; ASVS V16.4.2: logs protected against modification). Entries
 * are read in pages of {@value #PAGE} by sequence number inside one repeatable-read snapshot, so
 * concurrent appends never look like tampering.
 *
 * <p>Walking the entries in {@code seq} order with {@code P} the last good entry ({@code seq} 0 and the
 * genesis hash before the first), the first entry {@code E} that breaks a rule decides the verdict:
 * <ol>
 * <li>{@code E.seq > P.seq + 1}: <b>MISSING</b> at {@code P.seq + 1} (entries were deleted). Until signed
 *     checkpoints allow pruning, the chain starts at seq 1, so a deleted first entry is MISSING at 1.</li>
 * <li>{@code E}'s stored hash recomputes from its fields and its {@code prev_hash}, but {@code prev_hash}
 *     is not {@code P}'s hash: <b>INSERTED</b> at {@code E.seq} (a self-consistent entry that was never
 *     linked into the chain: a forgery).</li>
 * <li>{@code E}'s stored hash does not recompute with its own seq, but does with another seq {@code s}
 *     (searched outwards from {@code E.seq}): the entry was moved.
 *     If {@code s = E.seq - 1} and {@code E.prev_hash} is {@code P.prev_hash} (E links to the entry before
 *     P), then P was slipped in ahead of it, pushing it down: <b>INSERTED</b> at {@code P.seq}. Otherwise
 *     <b>REORDERED</b> at {@code E.seq} (e.g. of two swapped entries, the first one met).</li>
 * <li>{@code E}'s stored hash recomputes under no seq: <b>ALTERED</b> at {@code E.seq} (a field, its
 *     prev_hash or its hash was changed).</li>
 * </ol>
 * Then the last entry {@code L} is compared with the head row, which every append updates:
 * head seq above {@code L.seq}: <b>TAIL_CUT</b> at {@code L.seq + 1}; head seq below: <b>INSERTED</b> at
 * {@code head.seq + 1} (entries the ledger never appended); same seq, other hash: <b>HEAD_MISMATCH</b> at
 * {@code L.seq} (the last entry was rewritten with a recomputed hash, or the head was). An attacker who
 * rewrites the tail and the head together is caught only by signed checkpoints, which come later.
 */
@Service
public class AuditVerifier {

    static final int PAGE = 10_000;
    private static final String COLUMNS = "seq, at, actor_kind, actor_id, action, purpose, subject_id, outcome, detail,"
            + " correlation_id, prev_hash, hash";

    private final JdbcClient jdbc;

    AuditVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Verifies the whole chain; never null, never throws for a tampered ledger. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public VerificationReport verify() {
        long[] headSeq = new long[1];
        String headHash = jdbc.sql("SELECT seq, hash FROM audit_head WHERE id = 1").query((rs, n) -> {
            headSeq[0] = rs.getLong("seq");
            return rs.getString("hash");
        }).single();
        Walk walk = new Walk(Math.max(headSeq[0], lastSeq()));
        List<StoredEntry> page = page(0);
        while (!page.isEmpty()) {
            for (StoredEntry entry : page) {
                VerificationReport broken = walk.check(entry);
                if (broken != null) return broken;
            }
            page = page.size() < PAGE ? List.of() : page(page.getLast().seq());
        }
        return walk.finish(headSeq[0], headHash);
    }

    private long lastSeq() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_entry").query(Long.class).single();
    }

    private List<StoredEntry> page(long afterSeq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT " + PAGE)
                .param(afterSeq).query((rs, n) -> stored(rs)).list();
    }

    static StoredEntry stored(ResultSet rs) throws SQLException {
        return new StoredEntry(rs.getLong("seq"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("action"), rs.getString("purpose"),
                rs.getObject("subject_id", UUID.class), rs.getString("outcome"), rs.getString("detail"),
                rs.getString("correlation_id"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    /** The state of one walk along the chain: the last good entry and how many were read. */
    private static final class Walk {
        private final long maxSeq;
        private long checked;
        private long prevSeq;
        private String prevHash = AuditHashes.GENESIS;
        private @Nullable String prevPrevHash;

        Walk(long maxSeq) {
            this.maxSeq = maxSeq;
        }

        @Nullable VerificationReport check(StoredEntry e) {
            checked++;
            long expected = prevSeq + 1;
            if (e.seq() > expected) {
                return VerificationReport.broken(checked, expected, Problem.MISSING, e.seq() == expected + 1
                        ? "entry " + expected + " is missing: entry " + e.seq() + " follows entry " + prevSeq
                        : "entries " + expected + " to " + (e.seq() - 1) + " are missing: entry " + e.seq() + " follows entry " + prevSeq);
            }
            boolean recomputes = AuditHashes.recomputes(e);
            if (recomputes && e.prevHash().equals(prevHash)) {
                prevSeq = e.seq();
                prevPrevHash = prevHash;
                prevHash = e.hash();
                return null;
            }
            if (recomputes) {
                return VerificationReport.broken(checked, e.seq(), Problem.INSERTED, "entry " + e.seq()
                        + " carries a consistent hash but does not link to entry " + prevSeq + ": it was never appended by the ledger");
            }
            long movedFrom = originalSeq(e);
            if (movedFrom == e.seq() - 1 && prevSeq >= 1 && e.prevHash().equals(prevPrevHash)) {
                return VerificationReport.broken(checked, prevSeq, Problem.INSERTED, "entry " + prevSeq
                        + " was slipped in: entry " + e.seq() + " was written as entry " + movedFrom + " and links to the entry before " + prevSeq);
            }
            if (movedFrom > 0) {
                return VerificationReport.broken(checked, e.seq(), Problem.REORDERED, "entry " + e.seq()
                        + " was written as entry " + movedFrom + " and has been moved");
            }
            return VerificationReport.broken(checked, e.seq(), Problem.ALTERED, "entry " + e.seq()
                    + " was changed after it was written: its hash no longer matches its content");
        }

        /** The seq under which the entry's stored hash recomputes, nearest first; 0 if none. */
        private long originalSeq(StoredEntry e) {
            for (long distance = 1; distance <= maxSeq; distance++) {
                long below = e.seq() - distance;
                long above = e.seq() + distance;
                if (below < 1 && above > maxSeq) break;
                if (below >= 1 && AuditHashes.recomputes(e.withSeq(below))) return below;
                if (above <= maxSeq && AuditHashes.recomputes(e.withSeq(above))) return above;
            }
            return 0;
        }

        VerificationReport finish(long headSeq, String headHash) {
            if (headSeq > prevSeq) {
                return VerificationReport.broken(checked, prevSeq + 1, Problem.TAIL_CUT, "the ledger's head is entry " + headSeq
                        + " but the chain ends at entry " + prevSeq + ": entries " + (prevSeq + 1) + " to " + headSeq + " were removed");
            }
            if (headSeq < prevSeq) {
                return VerificationReport.broken(checked, headSeq + 1, Problem.INSERTED, "entries " + (headSeq + 1) + " to "
                        + prevSeq + " lie beyond the ledger's head (entry " + headSeq + "): the ledger never appended them");
            }
            if (!headHash.equals(prevHash)) {
                return VerificationReport.broken(checked, prevSeq, Problem.HEAD_MISMATCH, "entry " + prevSeq
                        + " does not carry the hash the ledger's head recorded for it: the entry or the head was rewritten");
            }
            return VerificationReport.ok(checked);
        }
    }
}
