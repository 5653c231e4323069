package io.custodia.audit;

import io.custodia.audit.VerificationReport.Problem;
import io.custodia.crypto.LedgerSignatures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
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
 * through one binary COPY: {@link LedgerPages}), so
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
    static final String COLUMNS = "seq, at, actor_kind, actor_id, action, purpose, subject_id, outcome, detail,"
            + " correlation_id, prev_hash, hash";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final AuditCheckpoints checkpoints;
    private final LedgerSignatures signatures;

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
        ChainWalk walk = new ChainWalk(firstSeq - 1, startHash, Math.max(headSeq, lastSeq()), sealed);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (LedgerPages pages = LedgerPages.open(jdbc, connection, firstSeq - 1, PAGE)) {
            List<StoredEntry> page = pages.hasNext() ? pages.next() : List.of();
            while (!page.isEmpty()) {
                // hash this page on the other cores while this thread reads the next one in the same snapshot
                List<StoredEntry> current = page;
                CompletableFuture<boolean[]> hashed = CompletableFuture.supplyAsync(() -> recomputes(current));
                List<StoredEntry> next = pages.hasNext() ? pages.next() : List.of();
                boolean[] recomputes = hashed.join();
                for (int i = 0; i < current.size(); i++) {
                    VerificationReport broken = walk.check(current.get(i), recomputes[i]);
                    if (broken != null) return broken;
                }
                page = next;
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("reading the ledger failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        if (firstSeq > 1 && !walk.sawPruneRecord()) {
            return VerificationReport.broken(walk.checked(), 1, Problem.MISSING, "entries 1 to " + (firstSeq - 1)
                    + " are gone but no LEDGER_PRUNED entry in the chain records their pruning");
        }
        return walk.finish(headSeq, headHash);
    }

    /** Whether each entry's stored hash recomputes from its row: independent per entry, so hashed on every core. */
    static boolean[] recomputes(List<StoredEntry> page) {
        boolean[] out = new boolean[page.size()];
        java.util.stream.IntStream.range(0, page.size()).parallel().forEach(i -> out[i] = AuditHashes.recomputes(page.get(i)));
        return out;
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
