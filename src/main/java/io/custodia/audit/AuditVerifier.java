package io.custodia.audit;

import io.custodia.audit.VerificationReport.Problem;
import io.custodia.crypto.LedgerSignatures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the whole ledger from the genesis hash to the head and names the first broken entry (GDPR
 * Art. 5(2): demonstrable accountability; ASVS V16.4.2: logs protected against modification). Entries
 * are read in pages of {@value #PAGE} by sequence number inside one repeatable-read snapshot (on PostgreSQL
 * through binary COPY: {@link LedgerPages}), so concurrent appends never look like tampering.
 *
 * <p>A PostgreSQL ledger of {@link #parallelFrom} entries or more is read in stretches, one per core (at most
 * {@value #MAX_STREAMS}): each stretch is one COPY on its own connection in the snapshot this transaction
 * exports, walked on its own thread, and starts from the stored hash (and prev_hash) of the entry just
 * before it. The first stretch's verdict comes first; a later stretch's counts only once the one before it
 * has walked to that very entry and accepted it, so the stretches together name the same first broken entry
 * as one walk from the start would (the PostgreSQL tamper tests walk every ledger in stretches).
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
 * rewrites the tail and the head together is caught by the signed checkpoints:
 * <ul>
 * <li>a checkpoint whose Ed25519 signature does not verify under the ledger's public key:
 *     <b>CHECKPOINT_INVALID</b> at its seq;</li>
 * <li>an entry that links correctly but differs from the hash a checkpoint signed for it: <b>ALTERED</b> at
 *     that seq (the chain was rewritten with recomputed hashes since the checkpoint before);</li>
 * <li>a checkpoint beyond the last entry: <b>TAIL_CUT</b> after the last entry, whatever the head says.</li>
 * </ul>
 * After pruning, the chain starts one past a signed checkpoint (the head row's {@code first_seq}): the walk
 * starts from that checkpoint's hash, and the chain must hold the {@code LEDGER_PRUNED} entry that names
 * the cut, else the early entries count as <b>MISSING</b>.
 */
@Service
public class AuditVerifier {

    static final int PAGE = 10_000;
    /** Most COPY streams one verification reads at once. */
    static final int MAX_STREAMS = 4;
    static final String COLUMNS = "seq, at, actor_kind, actor_id, action, purpose, subject_id, outcome, detail,"
            + " correlation_id, prev_hash, hash";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final AuditCheckpoints checkpoints;
    private final LedgerSignatures signatures;
    /** Entries from which a PostgreSQL ledger is read in parallel stretches (tests lower it to walk small ledgers so). */
    long parallelFrom = 200_000;

    AuditVerifier(JdbcClient jdbc, DataSource dataSource, AuditCheckpoints checkpoints, LedgerSignatures signatures) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.checkpoints = checkpoints;
        this.signatures = signatures;
    }

    /** Verifies the whole chain; never null, never throws for a tampered ledger. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public VerificationReport verify() {
        long[] head = new long[2];
        String headHash = jdbc.sql("SELECT seq, hash, first_seq FROM audit_head WHERE id = 1").query((rs, n) -> {
            head[0] = rs.getLong("seq");
            head[1] = rs.getLong("first_seq");
            return rs.getString("hash");
        }).single();
        long headSeq = head[0];
        long firstSeq = head[1];
        LedgerSignatures.Verifier keys = LedgerSignatures.verifier(signatures.publicKeysetJson());
        Map<Long, String> sealed = new HashMap<>();
        for (Checkpoint c : checkpoints.all()) {
            if (!keys.verify(c.signedBytes(), c.signature())) {
                return VerificationReport.broken(0, c.seq(), Problem.CHECKPOINT_INVALID, "the checkpoint at entry " + c.seq()
                        + " does not carry a valid signature of the ledger's key: it was forged or altered");
            }
            sealed.put(c.seq(), c.hash());
        }
        String startHash = AuditHashes.GENESIS;
        if (firstSeq > 1) {
            String anchor = sealed.get(firstSeq - 1);
            if (anchor == null) {
                return VerificationReport.broken(0, 1, Problem.MISSING, "entries 1 to " + (firstSeq - 1)
                        + " were removed and no signed checkpoint seals the cut");
            }
            startHash = anchor;
        }
        long lastSeq = lastSeq();
        long maxSeq = Math.max(headSeq, lastSeq);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            List<ChainWalk> walks = new ArrayList<>();
            walks.add(new ChainWalk(firstSeq - 1, startHash, null, firstSeq, maxSeq, sealed));
            List<Long> ends = new ArrayList<>();
            if (LedgerPages.parallel(connection) && lastSeq - firstSeq + 1 >= parallelFrom) {
                // later stretches start from the stored hash of the entry before them: the walk of the stretch before
                // must end on that very entry (same snapshot), so together they are the one walk from the start
                for (long seq : splitPoints(firstSeq, lastSeq)) {
                    StoredEntry at = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry WHERE seq <= ? ORDER BY seq DESC LIMIT 1").param(seq)
                            .query((rs, n) -> stored(rs)).optional().orElse(null);
                    if (at == null || (!ends.isEmpty() && at.seq() <= ends.getLast())) continue;
                    ends.add(at.seq());
                    walks.add(new ChainWalk(at.seq(), at.hash(), at.prevHash(), firstSeq, maxSeq, sealed));
                }
            }
            ends.add(Long.MAX_VALUE);
            List<CompletableFuture<@Nullable VerificationReport>> later = new ArrayList<>();
            if (walks.size() > 1) {
                String snapshot = jdbc.sql("SELECT pg_export_snapshot()").query(String.class).single();
                for (int i = 1; i < walks.size(); i++) {
                    ChainWalk walk = walks.get(i);
                    long after = ends.get(i - 1);
                    long upTo = ends.get(i);
                    later.add(CompletableFuture.supplyAsync(() -> walkInSnapshot(snapshot, walk, after, upTo),
                            task -> Thread.ofPlatform().name("audit-verify-" + after).daemon().start(task)));
                }
            }
            VerificationReport broken = walk(connection, walks.getFirst(), firstSeq - 1, ends.getFirst());
            // every stretch is waited for (each holds a connection); the first stretch's verdict comes first
            List<@Nullable VerificationReport> laterBroken = new ArrayList<>();
            RuntimeException failed = null;
            for (CompletableFuture<@Nullable VerificationReport> f : later) {
                try {
                    laterBroken.add(joined(f));
                } catch (RuntimeException e) {
                    if (failed == null) failed = e;
                    laterBroken.add(null);
                }
            }
            if (broken != null) return broken;
            if (failed != null) throw failed;
            long checked = walks.getFirst().checked();
            for (int i = 1; i < walks.size(); i++) {
                ChainWalk before = walks.get(i - 1);
                if (before.lastSeq() != ends.get(i - 1)) {
                    throw new IllegalStateException("the walk up to entry " + ends.get(i - 1) + " ended at entry " + before.lastSeq());
                }
                VerificationReport b = laterBroken.get(i - 1);
                if (b != null) return VerificationReport.broken(checked + b.entriesChecked(), b.seq(), b.problem(), b.detail());
                checked += walks.get(i).checked();
            }
            ChainWalk last = walks.getLast();
            if (firstSeq > 1 && walks.stream().noneMatch(ChainWalk::sawPruneRecord)) {
                return VerificationReport.broken(checked, 1, Problem.MISSING, "entries 1 to " + (firstSeq - 1)
                        + " are gone but no LEDGER_PRUNED entry in the chain records their pruning");
            }
            VerificationReport verdict = last.finish(headSeq, headHash);
            return verdict.valid() ? VerificationReport.ok(checked) : VerificationReport.broken(checked, verdict.seq(), verdict.problem(), verdict.detail());
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("reading the ledger failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Entries from which the walk reads in parallel, one stretch per core (at most {@value #MAX_STREAMS}): each
     * stretch is one COPY on its own connection, so the database's side of the walk runs on every core too.
     */
    private static List<Long> splitPoints(long firstSeq, long lastSeq) {
        int streams = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, MAX_STREAMS);
        List<Long> points = new ArrayList<>();
        long size = lastSeq - firstSeq + 1;
        for (int i = 1; i < streams; i++) points.add(firstSeq - 1 + size * i / streams);
        return points;
    }

    /** Walks entries {@code (after, upTo]} on the caller's connection; the first broken entry, or null. */
    private @Nullable VerificationReport walk(Connection connection, ChainWalk walk, long after, long upTo) throws SQLException {
        try (LedgerPages pages = LedgerPages.open(jdbc, connection, after, upTo, PAGE)) {
            while (pages.hasNext()) {
                LedgerPages.Page page = pages.next();
                for (int i = 0; i < page.entries().size(); i++) {
                    VerificationReport broken = walk.check(page.entries().get(i), page.recomputes()[i]);
                    if (broken != null) return broken;
                }
            }
        }
        return null;
    }

    /**
     * Walks a later stretch on a connection of its own, in the snapshot the verifier's transaction exported
     * (PostgreSQL's {@code SET TRANSACTION SNAPSHOT}): it sees exactly the rows the first stretch sees.
     */
    private @Nullable VerificationReport walkInSnapshot(String snapshot, ChainWalk walk, long after, long upTo) {
        if (!snapshot.matches("[0-9A-Fa-f-]+")) throw new IllegalStateException("unexpected snapshot id " + snapshot);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (java.sql.Statement statement = c.createStatement()) {
                    statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                }
                return walk(c, walk, after, upTo);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("reading the ledger failed", e);
        }
    }

    private static @Nullable VerificationReport joined(CompletableFuture<@Nullable VerificationReport> walk) {
        try {
            return walk.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private long lastSeq() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_entry").query(Long.class).single();
    }

    /** A row selected with {@link #COLUMNS}, in that order. */
    static StoredEntry stored(ResultSet rs) throws SQLException {
        return new StoredEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12));
    }
}
