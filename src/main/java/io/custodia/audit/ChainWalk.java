package io.custodia.audit;

import io.custodia.audit.VerificationReport.Problem;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One walk along the chain in {@code seq} order: the rules of {@link AuditVerifier}, shared by the
 * verification of the database and of an exported segment. Checkpoints given to the walk must already
 * have passed their signature check.
 */
final class ChainWalk {

    private final long maxSeq;
    private final NavigableMap<Long, String> checkpoints;
    private long checked;
    private long prevSeq;
    /** The start's hash and prev_hash, until an entry is accepted; then the last accepted entry holds them. */
    private final String startHash;
    private final @Nullable String startPrevHash;
    private @Nullable ChainEntry last;
    private boolean sawPruneRecord;
    private final long firstSeq;
    private long nextCheckpoint;

    /**
     * @param startSeq      the seq of the entry before the first one expected (0, the checkpoint at a cut, or
     *                      the last entry of the stretch another walk checks)
     * @param startHash     that entry's hash (genesis, the checkpoint's, or the entry's stored hash)
     * @param startPrevHash that entry's prev_hash when it is an entry of the chain, else null
     * @param firstSeq      the first entry of the whole chain
     * @param maxSeq        the largest seq any entry may be moved from (to tell REORDERED from ALTERED)
     * @param checkpoints   verified checkpoints: seq to the hash they sealed
     */
    ChainWalk(long startSeq, String startHash, @Nullable String startPrevHash, long firstSeq, long maxSeq, Map<Long, String> checkpoints) {
        this.prevSeq = startSeq;
        this.startHash = startHash;
        this.startPrevHash = startPrevHash;
        this.firstSeq = firstSeq;
        this.maxSeq = maxSeq;
        this.checkpoints = new TreeMap<>(checkpoints);
        this.nextCheckpoint = following(startSeq);
    }

    /** The first checkpoint after {@code seq}, or {@link Long#MAX_VALUE}: looked up once per checkpoint, not per entry. */
    private long following(long seq) {
        Long next = checkpoints.higherKey(seq);
        return next == null ? Long.MAX_VALUE : next;
    }

    long checked() {
        return checked;
    }

    long lastSeq() {
        return prevSeq;
    }

    String lastHash() {
        return last == null ? startHash : last.hash();
    }

    /** Whether a LEDGER_PRUNED entry in the walk names the cut this walk started at. */
    boolean sawPruneRecord() {
        return sawPruneRecord;
    }

    @Nullable VerificationReport check(StoredEntry e) {
        return check(e, AuditHashes.recomputes(e));
    }

    /**
     * Checks the next entry, given whether its stored hash recomputes from its fields (computed ahead,
     * in parallel, by the caller: an entry's own hash depends on nothing but its row).
     */
    @Nullable VerificationReport check(ChainEntry e, boolean recomputes) {
        checked++;
        long expected = prevSeq + 1;
        if (e.seq() > expected) {
            return VerificationReport.broken(checked, expected, Problem.MISSING, e.seq() == expected + 1
                    ? "entry " + expected + " is missing: entry " + e.seq() + " follows entry " + prevSeq
                    : "entries " + expected + " to " + (e.seq() - 1) + " are missing: entry " + e.seq() + " follows entry " + prevSeq);
        }
        if (e.seq() < expected) {
            // the database's rows cannot repeat a seq (its primary key); an exported segment's lines can
            return VerificationReport.broken(checked, e.seq(), Problem.INSERTED, "entry " + e.seq() + " comes again after entry " + prevSeq
                    + ": each entry follows the one before it, so this one was never appended by the ledger");
        }
        boolean links = last == null ? e.prevHashIs(startHash) : e.follows(last);
        if (recomputes && links) {
            while (e.seq() > nextCheckpoint) nextCheckpoint = following(nextCheckpoint);
            String sealed = e.seq() == nextCheckpoint ? checkpoints.get(e.seq()) : null;
            if (sealed != null && !e.hashIs(sealed)) {
                Long before = checkpoints.lowerKey(e.seq());
                long from = before == null ? firstSeq : before + 1;
                return VerificationReport.broken(checked, e.seq(), Problem.ALTERED, "entry " + e.seq()
                        + " does not match the signed checkpoint at " + e.seq() + ": entries " + from + " to " + e.seq()
                        + " were rewritten with recomputed hashes");
            }
            if (e.recordsPruningBefore(firstSeq)) sawPruneRecord = true;
            prevSeq = e.seq();
            last = e;
            return null;
        }
        if (recomputes) {
            return VerificationReport.broken(checked, e.seq(), Problem.INSERTED, "entry " + e.seq()
                    + " carries a consistent hash but does not link to entry " + prevSeq + ": it was never appended by the ledger");
        }
        long movedFrom = originalSeq(e.entry());
        // the hash before the last accepted entry: what that entry links to
        String prevPrevHash = last == null ? startPrevHash : last.prevHash();
        if (movedFrom == e.seq() - 1 && prevSeq >= firstSeq && e.prevHash().equals(prevPrevHash)) {
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

    /** How far from its place a moved entry is looked for; beyond, it is reported as ALTERED. */
    static final long MAX_MOVE = 10_000;

    /**
     * The seq under which the entry's stored hash recomputes, nearest first, within {@link #MAX_MOVE}; 0 if
     * none. Bounded, so a forged row with an enormous seq cannot make verification run for ever.
     */
    private long originalSeq(StoredEntry e) {
        for (long distance = 1; distance <= Math.min(maxSeq, MAX_MOVE); distance++) {
            long below = e.seq() - distance;
            long above = e.seq() + distance;
            if (below < 1 && above > maxSeq) break;
            if (below >= 1 && AuditHashes.recomputes(e.withSeq(below))) return below;
            if (above <= maxSeq && AuditHashes.recomputes(e.withSeq(above))) return above;
        }
        return 0;
    }

    /** A signed checkpoint beyond the last entry proves the tail was cut, whatever the head row says. */
    @Nullable VerificationReport tailAgainstCheckpoints() {
        Map.Entry<Long, String> last = checkpoints.lastEntry();
        if (last != null && last.getKey() > prevSeq) {
            return VerificationReport.broken(checked, prevSeq + 1, Problem.TAIL_CUT, "the chain ends at entry " + prevSeq
                    + " but a signed checkpoint seals entries up to " + last.getKey() + ": entries " + (prevSeq + 1) + " to "
                    + last.getKey() + " were removed (tail cut after checkpoint "
                    + (checkpoints.lowerKey(prevSeq + 1) == null ? "none" : checkpoints.lowerKey(prevSeq + 1)) + ")");
        }
        return null;
    }

    /** The verdict at the end of the database's chain, against its head row. */
    VerificationReport finish(long headSeq, String headHash) {
        VerificationReport cut = tailAgainstCheckpoints();
        if (cut != null) return cut;
        if (headSeq > prevSeq) {
            return VerificationReport.broken(checked, prevSeq + 1, Problem.TAIL_CUT, "the ledger's head is entry " + headSeq
                    + " but the chain ends at entry " + prevSeq + ": entries " + (prevSeq + 1) + " to " + headSeq + " were removed");
        }
        if (headSeq < prevSeq) {
            return VerificationReport.broken(checked, headSeq + 1, Problem.INSERTED, "entries " + (headSeq + 1) + " to "
                    + prevSeq + " lie beyond the ledger's head (entry " + headSeq + "): the ledger never appended them");
        }
        if (!headHash.equals(lastHash())) {
            return VerificationReport.broken(checked, prevSeq, Problem.HEAD_MISMATCH, "entry " + prevSeq
                    + " does not carry the hash the ledger's head recorded for it: the entry or the head was rewritten");
        }
        return VerificationReport.ok(checked);
    }
}
