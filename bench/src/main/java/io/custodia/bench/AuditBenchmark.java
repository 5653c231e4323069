package io.custodia.bench;

import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.audit.AuditVerifier;
import io.custodia.audit.VerificationReport;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit ledger against plain SQL (issue 3), on the same PostgreSQL, pool and JVM as the rest of
 * {@link EndToEndBenchmark}: (d) durable appends by {@value #WRITERS} concurrent writers through
 * {@link AuditLedger#record} outside any transaction (each call returns once its entry is committed, by
 * group commit), against single-row autocommit inserts into an unchained table of the same columns and
 * secondary indexes; (e) verification of the whole ledger by {@link AuditVerifier#verify} against just
 * reading its rows in {@code seq} order. Medians of rounds after a warm-up round, as everywhere else.
 */
final class AuditBenchmark {

    /** Concurrent writers in the append rounds (issue 3: 16 writers on the 2-core machine). */
    static final int WRITERS = 16;
    /** Measured verification rounds, after one warm-up round: each one reads the whole ledger. */
    private static final int VERIFY_ROUNDS = 3;
    /** Rows per round trip of the baseline's streamed read: the verifier's page size. */
    private static final int FETCH_SIZE = 10_000;
    private static final String DETAIL = "record=person; fields=person.emails,person.first_name";
    private static final String BASELINE_INSERT = "INSERT INTO baseline_audit (at, actor_kind, actor_id, action, purpose,"
            + " subject_id, outcome, detail, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** What the verifier reads of every entry (AuditVerifier.COLUMNS). */
    private static final String LEDGER_READ = "SELECT seq, at, actor_kind, actor_id, action, purpose, subject_id, outcome,"
            + " detail, correlation_id, prev_hash, hash FROM audit_entry ORDER BY seq";

    /** Runs {@code task(0..threads-1)} at the same time and returns the wall time in nanoseconds (EndToEndBenchmark's pool). */
    @FunctionalInterface
    interface Parallel {
        long run(int threads, IntConsumer task);
    }

    private final Settings settings;
    private final Report report;
    private final LongAdder checksum;
    private final Parallel parallel;
    private final int poolSize;
    private final AuditLedger ledger;
    private final AuditVerifier verifier;
    private final JdbcTemplate jdbc;
    /** Same pool, but fetching {@value #FETCH_SIZE} rows per round trip, so a read of the whole ledger streams. */
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    /** The events both sides append: one actor per writer thread, 8,192 subjects, the detail of a gateway read. */
    private final List<AuditEvent> events;

    AuditBenchmark(ApplicationContext context, Settings settings, Report report, LongAdder checksum, Parallel parallel, int poolSize) {
        this.settings = settings;
        this.report = report;
        this.checksum = checksum;
        this.parallel = parallel;
        this.poolSize = poolSize;
        this.ledger = context.getBean(AuditLedger.class);
        this.verifier = context.getBean(AuditVerifier.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.streaming = new JdbcTemplate(context.getBean(DataSource.class));
        streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        readOnly.setReadOnly(true);
        Random random = new Random(settings.seed());
        List<String> actors = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) actors.add(new UUID(random.nextLong(), random.nextLong()).toString());
        this.events = new ArrayList<>();
        for (int i = 0; i < 512 * WRITERS; i++) {
            // Writer t appends events t, t + 16, t + 32, ...: always under its own actor.
            events.add(AuditEvent.of("STAFF", actors.get(i % WRITERS), AuditAction.READ, AuditOutcome.ALLOWED).withPurpose("crm")
                    .withSubject(new UUID(random.nextLong(), random.nextLong())).withDetail(DETAIL));
        }
    }

    /**
     * The baseline's table: audit_entry's columns without the chain (no prev_hash, no hash, a sequence
     * instead of a seq chosen under the head lock), and the same secondary indexes (V7, V10, V11, V21).
     */
    void createBaselineTable() {
        jdbc.execute("CREATE TABLE baseline_audit (seq BIGSERIAL PRIMARY KEY, at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " actor_kind VARCHAR(16) NOT NULL, actor_id VARCHAR(64) NOT NULL, action VARCHAR(48) NOT NULL, purpose VARCHAR(40),"
                + " subject_id UUID, outcome VARCHAR(16) NOT NULL, detail VARCHAR(2000) NOT NULL, correlation_id VARCHAR(64))");
        jdbc.execute("CREATE INDEX baseline_audit_subject ON baseline_audit USING hash (subject_id)"); // as V21
        jdbc.execute("CREATE INDEX baseline_audit_at ON baseline_audit USING brin (at)");
        jdbc.execute("CREATE INDEX baseline_audit_actor ON baseline_audit (actor_id, seq)");
        jdbc.execute("CREATE INDEX baseline_audit_action ON baseline_audit (action, seq)");
    }

    // ------------------------------------------------------------------ (d) durable appends

    /**
     * {@value #WRITERS} threads append {@code --appends} entries per round between them, each call on its
     * own: Custodia through {@link AuditLedger#record} (durable on return: group commit), the baseline as
     * single-row autocommit inserts (durable on return: PostgreSQL's own commit). A failed call is counted,
     * not retried; the figure counts the calls that returned.
     */
    void appends() {
        int n = settings.appendsPerRound();
        List<Double> custodia = new ArrayList<>(), base = new ArrayList<>();
        CpuMeter custodiaCpu = new CpuMeter(), baselineCpu = new CpuMeter();
        Failures custodiaFailures = new Failures(), baselineFailures = new Failures();
        long headBefore = headSeq();
        long[] commitsBefore = null;
        long recorded = 0;
        System.out.printf("%nDurable audit appends, %d writers: %d rounds of %,d entries per side (round 0 is warm-up, 3 times longer)%n",
                WRITERS, settings.rounds() + 1, n);
        for (int round = 0; round <= settings.rounds(); round++) {
            int count = n * (round == 0 ? 3 : 1);
            if (round == 1) commitsBefore = groupCommits();
            LongAdder custodiaDone = new LongAdder(), baselineDone = new LongAdder();
            IntConsumer custodiaAppend = i -> {
                try {
                    ledger.record(events.get(i % events.size()));
                    custodiaDone.increment();
                } catch (RuntimeException e) {
                    custodiaFailures.add(e);
                }
            };
            IntConsumer baselineAppend = i -> {
                AuditEvent e = events.get(i % events.size());
                try {
                    jdbc.update(BASELINE_INSERT, OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC),
                            e.actorKind(), e.actorId(), e.action().name(), e.purpose(), e.subjectId(), e.outcome().name(), e.detail(),
                            e.correlationId());
                    baselineDone.increment();
                } catch (RuntimeException failure) {
                    baselineFailures.add(failure);
                }
            };
            CpuMeter.Reading before = CpuMeter.now();
            double c = round % 2 == 0 ? rate(count, custodiaAppend, custodiaDone) : -1;
            if (c >= 0 && round > 0) custodiaCpu.add(before, custodiaDone.sum());
            before = CpuMeter.now();
            double b = rate(count, baselineAppend, baselineDone);
            if (round > 0) baselineCpu.add(before, baselineDone.sum());
            before = CpuMeter.now();
            if (c < 0) {
                c = rate(count, custodiaAppend, custodiaDone);
                if (round > 0) custodiaCpu.add(before, custodiaDone.sum());
            }
            recorded += custodiaDone.sum();
            System.out.printf("  round %d: Custodia %,.0f entries/s, baseline %,.0f entries/s%s%n", round, c, b,
                    custodiaFailures.count() + baselineFailures.count() == 0 ? ""
                            : String.format(" (failed calls so far: Custodia %d, baseline %d)", custodiaFailures.count(), baselineFailures.count()));
            if (round > 0) {
                custodia.add(c);
                base.add(b);
            }
        }
        long[] commitsAfter = groupCommits();
        String chain = checkChain(headBefore, recorded);
        double cm = Stats.median(custodia), bm = Stats.median(base);
        boolean clean = custodiaFailures.count() == 0 && chain.startsWith("ok");
        report.row(new Report.Row(String.format("d. Durable audit appends via AuditLedger.record, %d writers, outside transactions "
                        + "(entries/s; pool %d)", WRITERS, poolSize), String.format("%,.0f", cm), String.format("%,.0f", bm),
                String.format("%.2f", cm / bm), "≥ 20,000/s", cm >= 20_000 && clean ? "yes" : clean ? "no" : "no (failures, see notes)"));
        report.note(String.format("d. Each call returns once its entry is committed (group commit in GroupCommitter: one thread chains "
                        + "what is waiting under the head lock and commits it in one transaction); the baseline is %d threads of single-row "
                        + "autocommit INSERTs into baseline_audit (same columns without prev_hash/hash, BIGSERIAL seq, the same 4 secondary "
                        + "indexes). Pool: spring.datasource.hikari.maximum-pool-size=%d for the whole run (%d writers or readers + 2 "
                        + "for the checkpoint signer and other callers; GroupCommitter commits on a 2-connection pool of its own); "
                        + "checkpoints were signed in the background as in production.", WRITERS, poolSize, WRITERS));
        report.note("d. CPU per entry: Custodia " + custodiaCpu.perOperation() + "; baseline " + baselineCpu.perOperation() + ". "
                + groupCommitLine(commitsBefore, commitsAfter) + " Ledger check: " + chain + ". Failed calls: Custodia "
                + custodiaFailures.describe() + "; baseline " + baselineFailures.describe() + ".");
    }

    /** Successful operations per second of {@code n} operations shared among the writers. */
    private double rate(int n, IntConsumer op, LongAdder done) {
        long doneBefore = done.sum();
        long nanos = parallel.run(WRITERS, t -> {
            for (int i = t; i < n; i += WRITERS) op.accept(i);
        });
        return (done.sum() - doneBefore) / (nanos / 1e9);
    }

    private long headSeq() {
        return jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class);
    }

    /** Whether the ledger grew by exactly the entries whose calls returned, with no gap and no duplicate. */
    private String checkChain(long headBefore, long recorded) {
        long headAfter = headSeq();
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE seq > ? AND seq <= ?", Long.class, headBefore, headAfter);
        Long distinct = jdbc.queryForObject("SELECT COUNT(DISTINCT seq) FROM audit_entry WHERE seq > ? AND seq <= ?", Long.class,
                headBefore, headAfter);
        String range = String.format("head moved from %,d to %,d (%,d entries), %,d rows in that range, %,d calls returned",
                headBefore, headAfter, headAfter - headBefore, rows, recorded);
        boolean ok = headAfter - headBefore == recorded && rows == recorded && distinct.equals(rows);
        return (ok ? "ok, " : "MISMATCH, ") + range;
    }

    /** GroupCommitter's counters (transactions, entries) since start; package-private in the app, so read reflectively. */
    long[] groupCommits() {
        try {
            Object target = AopProxyUtils.getSingletonTarget(ledger);
            Object ledgerObject = target != null ? target : ledger;
            Method committer = AuditLedger.class.getDeclaredMethod("committer");
            committer.setAccessible(true);
            Object groupCommitter = committer.invoke(ledgerObject);
            Method counters = groupCommitter.getClass().getDeclaredMethod("counters");
            counters.setAccessible(true);
            return (long[]) counters.invoke(groupCommitter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static String groupCommitLine(long[] before, long[] after) {
        if (before == null || after == null) return "Group commit counters: n/a.";
        long commits = after[0] - before[0], entries = after[1] - before[1];
        return String.format("Group commit in the measured rounds: %,d entries in %,d transactions (%.1f entries per commit).",
                entries, commits, commits == 0 ? 0.0 : (double) entries / commits);
    }

    /** Failed calls of one side: how many, and the first one's message. */
    private static final class Failures {
        private final LongAdder count = new LongAdder();
        private final AtomicReference<Throwable> first = new AtomicReference<>();

        void add(Throwable failure) {
            count.increment();
            first.compareAndSet(null, failure);
        }

        long count() {
            return count.sum();
        }

        String describe() {
            Throwable f = first.get();
            if (f == null) return "none";
            Throwable root = f;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            return count() + " (first: " + f.getClass().getSimpleName() + ": " + f.getMessage()
                    + (root != f ? "; cause " + root.getClass().getSimpleName() + ": " + root.getMessage() : "") + ")";
        }
    }

    // ------------------------------------------------------------------ (e) verification

    /**
     * Verifies the whole ledger ({@link AuditVerifier#verify}: checkpoint signatures, then every entry
     * streamed through a binary COPY, its hash recomputed and its link checked) against streaming the same
     * columns of every entry in seq order with a fetch size: the cost of just reading the rows.
     */
    void verification() {
        long start = System.nanoTime();
        jdbc.execute("VACUUM ANALYZE audit_entry");
        long entries = jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry", Long.class);
        long checkpoints = jdbc.queryForObject("SELECT COUNT(*) FROM audit_checkpoint", Long.class);
        System.out.printf("%nVerification of the whole ledger: %,d entries, %,d signed checkpoints (VACUUM ANALYZE %.1f s); "
                + "%d rounds per side (round 0 is warm-up)%n", entries, checkpoints, (System.nanoTime() - start) / 1e9, VERIFY_ROUNDS + 1);
        List<Double> custodia = new ArrayList<>(), base = new ArrayList<>();
        CpuMeter custodiaCpu = new CpuMeter(), baselineCpu = new CpuMeter();
        List<String> broken = new ArrayList<>();
        long checked = 0;
        for (int round = 0; round <= VERIFY_ROUNDS; round++) {
            double c = -1;
            long[] verified = new long[1];
            CpuMeter.Reading before = CpuMeter.now();
            if (round % 2 == 0) {
                c = verifyOnce(verified, broken);
                if (round > 0) custodiaCpu.add(before, verified[0]);
            }
            before = CpuMeter.now();
            long[] read = new long[1];
            double b = readAll(read);
            if (round > 0) baselineCpu.add(before, read[0]);
            before = CpuMeter.now();
            if (c < 0) {
                c = verifyOnce(verified, broken);
                if (round > 0) custodiaCpu.add(before, verified[0]);
            }
            checked = verified[0];
            System.out.printf("  round %d: Custodia %,.0f entries/s (%,d checked), baseline %,.0f rows/s (%,d read)%n", round, c,
                    verified[0], b, read[0]);
            if (round > 0) {
                custodia.add(c);
                base.add(b);
            }
        }
        double cm = Stats.median(custodia), bm = Stats.median(base);
        boolean valid = broken.isEmpty();
        report.row(new Report.Row(String.format("e. Verification of the whole ledger via AuditVerifier.verify, %,d entries (entries/s)", checked),
                String.format("%,.0f", cm), String.format("%,.0f", bm), String.format("%.2f", cm / bm), "≥ 1,000,000/s",
                !valid ? "no (chain reported broken)" : cm >= 1_000_000 ? "yes" : "no"));
        report.note(String.format("e. Medians of %d rounds after a warm-up round. Custodia: %,d checkpoint signatures checked, then every entry "
                        + "streamed in seq order through binary COPY (one stretch of the chain per core, each on its own connection in one exported "
                        + "repeatable-read snapshot, pages of 10,000), its SHA-256 recomputed from the row's bytes and its link checked%s. "
                        + "Baseline: %s, streamed with a fetch size of %,d in one read-only transaction, every column read. CPU per entry: "
                        + "Custodia %s; baseline %s.", VERIFY_ROUNDS, checkpoints,
                valid ? "; verdict: valid" : "; verdict: BROKEN " + broken.getFirst(), "SELECT <the same 12 columns> FROM audit_entry ORDER BY seq",
                FETCH_SIZE, custodiaCpu.perOperation(), baselineCpu.perOperation()));
    }

    private double verifyOnce(long[] checked, List<String> broken) {
        long start = System.nanoTime();
        VerificationReport result = verifier.verify();
        long nanos = System.nanoTime() - start;
        if (!result.valid()) broken.add(result.problem() + " at " + result.seq() + ": " + result.detail());
        checked[0] = result.entriesChecked();
        checksum.add(result.entriesChecked());
        return result.entriesChecked() / (nanos / 1e9);
    }

    /** Reads every column of every entry, in seq order, as the verifier's row mapper does; rows per second. */
    private double readAll(long[] rows) {
        long start = System.nanoTime();
        long[] sum = new long[2];
        readOnly.executeWithoutResult(status -> streaming.query(LEDGER_READ, (RowCallbackHandler) rs -> {
            sum[0]++;
            sum[1] += fold(rs);
        }));
        long nanos = System.nanoTime() - start;
        rows[0] = sum[0];
        checksum.add(sum[1]);
        return sum[0] / (nanos / 1e9);
    }

    private static long fold(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
        String actorKind = rs.getString(3), actorId = rs.getString(4), action = rs.getString(5), purpose = rs.getString(6);
        UUID subject = rs.getObject(7, UUID.class);
        String outcome = rs.getString(8), detail = rs.getString(9), correlation = rs.getString(10), prevHash = rs.getString(11),
                hash = rs.getString(12);
        return seq + at.getNano() + actorKind.length() + actorId.length() + action.length() + (purpose == null ? 0 : purpose.length())
                + (subject == null ? 0 : subject.getLeastSignificantBits() & 1) + outcome.length() + detail.length()
                + (correlation == null ? 0 : correlation.length()) + prevHash.length() + hash.length();
    }
}
