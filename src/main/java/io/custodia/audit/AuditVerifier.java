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
 * {@value #MAX_STREAMS}): each stretch is one COPY in the snapshot this transaction exports, walked on its own
 * thread on a connection of the verifier's own small pool (asked for with a short wait: when it is busy, fewer
 * stretches), and starts from the stored hash (and prev_hash) of the chain's entry just before it. The first stretch's verdict comes first; a later stretch's counts only once the one before it
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
    /** Stretches a parallel walk is cut into: one per core, at least 2 (tests set more to cut small ledgers finer). */
    int streams = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, MAX_STREAMS);
    /** The later stretches' connections, made on first use. */
    private @Nullable DataSource stretchPool;

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
        List<Connection> spare = new ArrayList<>();
        List<CompletableFuture<Stretch>> later = new ArrayList<>();
        try {
            List<ChainWalk> walks = new ArrayList<>();
            walks.add(new ChainWalk(firstSeq - 1, startHash, null, firstSeq, maxSeq, sealed));
            List<Long> ends = new ArrayList<>();
            long size = lastSeq - firstSeq + 1;
            if (LedgerPages.parallel(connection) && size >= Math.max(parallelFrom, streams)) {
                spare.addAll(stretchConnections(streams - 1));
                // a later stretch starts from the stored hash of the last entry of the one before: that walk must end on
                // that very entry and accept it (same snapshot), so together they are the one walk from the start
                for (long seq : splitPoints(firstSeq, size, spare.size() + 1)) {
                    StoredEntry at = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry WHERE seq >= ? AND seq <= ? ORDER BY seq DESC LIMIT 1")
                            .param(firstSeq).param(seq).query((rs, n) -> stored(rs)).optional().orElse(null);
                    if (at == null || (!ends.isEmpty() && at.seq() <= ends.getLast())) continue;
                    ends.add(at.seq());
                    walks.add(new ChainWalk(at.seq(), at.hash(), at.prevHash(), firstSeq, maxSeq, sealed));
                }
            }
            ends.add(Long.MAX_VALUE);
            if (walks.size() > 1) {
                String snapshot = jdbc.sql("SELECT pg_export_snapshot()").query(String.class).single();
                for (int i = 1; i < walks.size(); i++) {
                    ChainWalk walk = walks.get(i);
                    Connection own = spare.removeFirst();
                    long after = ends.get(i - 1);
                    long upTo = ends.get(i);
                    later.add(CompletableFuture.supplyAsync(() -> walkInSnapshot(own, snapshot, walk, after, upTo),
                            task -> Thread.ofPlatform().name("audit-verify-" + after).daemon().start(task)));
                }
            }
            VerificationReport broken = walk(connection, walks.getFirst(), firstSeq - 1, ends.getFirst());
            if (broken != null) return broken;
            long checked = walks.getFirst().checked();
            for (int i = 1; i < walks.size(); i++) {
                ChainWalk before = walks.get(i - 1);
                if (before.lastSeq() != ends.get(i - 1)) {
                    throw new IllegalStateException("the walk up to entry " + ends.get(i - 1) + " ended at entry " + before.lastSeq());
                }
                // a stretch's failure counts only once every stretch before it has held
                Stretch stretch = later.get(i - 1).join();
                if (stretch.failure() != null) throw stretch.failure();
                VerificationReport b = stretch.broken();
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
            // every stretch is waited for, however this one ended: each reads in this transaction's snapshot on a connection of its own
            for (CompletableFuture<Stretch> f : later) f.join();
            spare.forEach(AuditVerifier::closeQuietly);
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** What the walk of a later stretch came to: the first broken entry (or null), or why it could not be read. */
    private record Stretch(@Nullable VerificationReport broken, @Nullable RuntimeException failure) {
    }

    /**
     * Up to {@code n} connections for later stretches, from a small pool of the verifier's own (never the
     * application's, whose connections requests hold): each is asked for with a short wait, and a verification
     * that gets fewer reads in fewer stretches rather than waiting or failing.
     */
    List<Connection> stretchConnections(int n) {
        DataSource pool = stretchPool();
        List<Connection> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                taken.add(pool.getConnection());
            } catch (SQLException busy) {
                break;
            }
        }
        return taken;
    }

    private synchronized DataSource stretchPool() {
        if (stretchPool == null) stretchPool = GroupCommitter.ownPool(dataSource, "audit-verify", MAX_STREAMS - 1, 0, 250L);
        return stretchPool;
    }

    @jakarta.annotation.PreDestroy
    synchronized void closeStretchPool() {
        if (stretchPool instanceof com.zaxxer.hikari.HikariDataSource own && stretchPool != dataSource) own.close();
        stretchPool = null;
    }

    /**
     * The last entry of each stretch but the last, as seqs to look up: {@code streams} stretches of about equal
     * length (the entries found at or below each point end them).
     */
    static List<Long> splitPoints(long firstSeq, long size, int streams) {
        List<Long> points = new ArrayList<>();
        long step = size / streams;
        if (step < 1) return points;
        for (int i = 1; i < streams; i++) points.add(firstSeq - 1 + step * i);
        return points;
    }

    /** Walks entries {@code (after, upTo]} on the caller's connection; the first broken entry, or null. */
    private @Nullable VerificationReport walk(Connection connection, ChainWalk walk, long after, long upTo) throws SQLException {
        try (LedgerPages pages = LedgerPages.open(jdbc, connection, after, upTo, PAGE)) {
            return pages.walk(walk);
        }
    }

    /**
     * Walks a later stretch on its own connection, in the snapshot the verifier's transaction exported
     * (PostgreSQL's {@code SET TRANSACTION SNAPSHOT}): it sees exactly the rows the first stretch sees. Never
     * throws: a failure is returned, to count only if every stretch before this one held.
     */
    private Stretch walkInSnapshot(Connection c, String snapshot, ChainWalk walk, long after, long upTo) {
        try {
            if (!snapshot.matches("[0-9A-Fa-f-]+")) throw new IllegalStateException("unexpected snapshot id " + snapshot);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (java.sql.Statement statement = c.createStatement()) {
                statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
            }
            return new Stretch(walk(c, walk, after, upTo), null);
        } catch (SQLException e) {
            return new Stretch(null, new DataAccessResourceFailureException("reading the ledger failed", e));
        } catch (RuntimeException e) {
            return new Stretch(null, e);
        } finally {
            try {
                c.rollback();
            } catch (SQLException broken) {
                // the pool discards a broken connection
            }
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // the pool discards a broken connection
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
