package io.custodia.audit;

import io.custodia.shared.Correlation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends acts to the hash-chained ledger (GDPR Art. 5(2) and 30; ASVS V16.3: security events are
 * logged, V16.4: logs are protected from tampering). Appends are serialised by a lock on the single
 * head row, held only from the moment entries are chained until their transaction commits: sequence
 * numbers have no gaps and the chain never forks, across threads and nodes.
 *
 * <p>Modules record acts with {@link #record} and {@link #recordAll}:
 * <ul>
 * <li>inside a read-write transaction (a write), the write's entries are chained just before that transaction
 *     commits, in it: they commit with the write and vanish with it on rollback; its reads (READ, SEARCH,
 *     EXPORT) are made durable by group commit before the call returns, and stay whatever the write becomes;</li>
 * <li>inside a read-only transaction (a service reading for a page or an API response), the entries are
 *     made durable by group commit just before that transaction commits, all of them in one commit (a
 *     search and the reads of what it found): the data leaves the service, which returns after its
 *     transaction, only once they are durable. Should the transaction roll back, they are recorded anyway,
 *     since the reads happened;</li>
 * <li>otherwise (a read through the gateway outside any transaction), the call returns only once the
 *     entries are durable.</li>
 * </ul>
 * Entries of concurrent callers are committed together by the {@link GroupCommitter} (group commit),
 * which is how a durable entry per read stays cheap.
 * {@link #recordNow} is for acts that must be kept whatever happens to the caller's transaction: a
 * policy denial, a failed sign-in. If an entry cannot be stored the call throws
 * {@link AuditUnavailableException}, and the act it records must not happen (DESIGN.md invariant 3: a
 * read that cannot be audited does not happen).
 */
@Service
public class AuditLedger implements SmartLifecycle {

    private static final String INSERT = "INSERT INTO audit_entry (seq, at, actor_kind, actor_id, action, purpose, subject_id,"
            + " outcome, detail, correlation_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The acts that read personal data: recorded durably before they return, in a write transaction too. */
    private static final java.util.Set<AuditAction> READS = java.util.EnumSet.of(AuditAction.READ, AuditAction.SEARCH, AuditAction.EXPORT);

    private final DataSource dataSource;
    private final Clock clock;
    private final GroupCommitter committer;
    private final Object transactionKey = new Object();
    /** Bound to a transaction that has locked the head through {@link #appendAll}: it holds it until it ends. */
    private final Object headKey = new Object();

    AuditLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.committer = new GroupCommitter(dataSource, this);
    }

    /** Records one act as described in the class comment. */
    public void record(AuditEvent event) {
        recordAll(List.of(Objects.requireNonNull(event, "event")));
    }

    /**
     * Records several acts, in order, as described in the class comment.
     *
     * @throws AuditUnavailableException when outside a write the entries could not be made durable
     */
    public void recordAll(List<AuditEvent> events) {
        List<AuditEvent> stamped = stamped(events);
        if (stamped.isEmpty()) return;
        if (inWriteTransaction()) {
            // a read inside a write has read: durable before it returns, whatever becomes of the write (its data may
            // leave before the write commits, in an email); the write's own entries commit, or vanish, with it
            // (unless this transaction holds the head itself, through append: the committer would wait for it)
            List<AuditEvent> reads = TransactionSynchronizationManager.hasResource(headKey) ? List.of()
                    : stamped.stream().filter(e -> READS.contains(e.action())).toList();
            if (!reads.isEmpty()) committer.commit(reads);
            List<AuditEvent> writes = reads.isEmpty() ? stamped : stamped.stream().filter(e -> !READS.contains(e.action())).toList();
            if (!writes.isEmpty()) pendingOfTransaction().addAll(writes);
        } else if (inReadOnlyTransaction()) {
            pendingOfReadOnlyTransaction().addAll(stamped);
        } else {
            committer.commit(stamped);
        }
    }

    /**
     * Records one act durably before returning, in a transaction of its own (a denial or a failed sign-in
     * must stay recorded even when the caller's transaction rolls back).
     */
    public void recordNow(AuditEvent event) {
        committer.commit(stamped(List.of(Objects.requireNonNull(event, "event"))));
    }

    /**
     * Records one act in the caller's transaction, or a transaction of its own, and returns its entry.
     * Holds the head lock until that transaction ends: for commands and tests, not for request paths
     * (use {@link #record}).
     */
    @Transactional
    public AuditEntry append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return appendAll(List.of(event)).getFirst();
    }

    /** Like {@link #append} for several acts, in order, sharing one time; empty for no events. */
    @Transactional
    public List<AuditEntry> appendAll(List<AuditEvent> events) {
        List<AuditEvent> stamped = stamped(events);
        if (stamped.isEmpty()) return List.of();
        if (TransactionSynchronizationManager.isSynchronizationActive() && !TransactionSynchronizationManager.hasResource(headKey)) {
            TransactionSynchronizationManager.bindResource(headKey, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(headKey);
                }
            });
        }
        try {
            return appendOn(DataSourceUtils.getConnection(dataSource), stamped);
        } catch (SQLException e) {
            throw new AuditUnavailableException(e);
        }
    }

    /** Starts group commit before anything else and stops it after everything else (it drains its queue). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public void start() {
        committer.start();
    }

    @Override
    public void stop() {
        committer.stop();
    }

    /** Closes the ledger's own connections when the context closes. */
    @jakarta.annotation.PreDestroy
    void close() {
        committer.close();
    }

    @Override
    public boolean isRunning() {
        return committer.isRunning();
    }

    GroupCommitter committer() {
        return committer;
    }

    private static List<AuditEvent> stamped(List<AuditEvent> events) {
        Objects.requireNonNull(events, "events");
        String correlation = Correlation.current();
        List<AuditEvent> out = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            Objects.requireNonNull(e, "events must not contain null");
            out.add(e.correlationId() == null && correlation != null ? e.withCorrelationId(correlation) : e);
        }
        return out;
    }

    private static boolean inWriteTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
    }

    private static boolean inReadOnlyTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isCurrentTransactionReadOnly();
    }

    /**
     * The entries bound to the current transaction, created with the synchronization that records them
     * ({@code recorder} receives the list it will find them in) the first time.
     */
    @SuppressWarnings("unchecked")
    private List<AuditEvent> pending(java.util.function.Function<List<AuditEvent>, TransactionSynchronization> recorder) {
        List<AuditEvent> pending = (List<AuditEvent>) TransactionSynchronizationManager.getResource(transactionKey);
        if (pending != null) return pending;
        List<AuditEvent> created = new ArrayList<>();
        TransactionSynchronizationManager.bindResource(transactionKey, created);
        TransactionSynchronizationManager.registerSynchronization(recorder.apply(created));
        return created;
    }

    /** The entries of the current read-only transaction, made durable by group commit just before it commits. */
    private List<AuditEvent> pendingOfReadOnlyTransaction() {
        return pending(created -> new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                recordPending();
            }

            @Override
            public void afterCompletion(int status) {
                // a rolled-back read still read: keep its entries (best effort, the caller already fails)
                try {
                    recordPending();
                } catch (AuditUnavailableException e) {
                    org.slf4j.LoggerFactory.getLogger(AuditLedger.class).error("Could not record {} reads of a failed request", created.size(), e);
                }
            }

            private void recordPending() {
                TransactionSynchronizationManager.unbindResourceIfPossible(transactionKey);
                if (created.isEmpty()) return;
                List<AuditEvent> events = List.copyOf(created);
                created.clear();
                committer.commit(events);
            }
        });
    }

    /** The entries the current transaction will chain just before it commits. */
    private List<AuditEvent> pendingOfTransaction() {
        return pending(created -> new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                TransactionSynchronizationManager.unbindResourceIfPossible(transactionKey);
                if (created.isEmpty()) return;
                try {
                    appendOn(DataSourceUtils.getConnection(dataSource), created);
                } catch (SQLException e) {
                    throw new AuditUnavailableException(e);
                }
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(transactionKey);
            }
        });
    }

    /**
     * Chains and inserts the entries on a connection whose transaction the caller owns: locks the head,
     * links each entry to the one before, inserts them in one batch and moves the head.
     */
    List<AuditEntry> appendOn(Connection connection, List<AuditEvent> events) throws SQLException {
        Head head;
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) throw new SQLException("the audit_head row is missing: the ledger's schema was altered");
            head = new Head(rs.getLong(1), rs.getString(2));
        }
        List<AuditEntry> entries = chain(head, events);
        insert(connection, entries);
        try (PreparedStatement move = connection.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            move.setLong(1, entries.getLast().seq());
            move.setString(2, entries.getLast().hash());
            move.executeUpdate();
        }
        return entries;
    }

    /** Where the chain ends: the last entry's seq and hash. */
    record Head(long seq, String hash) {
        static Head of(AuditEntry last) {
            return new Head(last.seq(), last.hash());
        }
    }

    /**
     * The group committer's path on PostgreSQL, one round trip in all: on a connection in auto-commit, a single
     * statement moves the head if it is still {@code expected} and inserts the entries only if it moved, and
     * commits. Returns the entries when they are committed, or null when the head had moved (nothing was
     * written; the caller falls back to {@link #appendOn} in a transaction). Under READ COMMITTED the
     * conditional UPDATE that waited for another writer re-reads the row and matches nothing.
     */
    @org.jspecify.annotations.Nullable List<AuditEntry> appendInOneStatement(Connection connection, List<AuditEvent> events,
            Head expected) throws SQLException {
        List<AuditEntry> entries = chain(expected, events);
        int n = entries.size();
        // one time and consecutive numbers for the whole batch (chain gives them so): sent once, not per entry
        String[][] columns = new String[10][n];
        for (int i = 0; i < n; i++) {
            AuditEntry e = entries.get(i);
            columns[0][i] = e.actorKind();
            columns[1][i] = e.actorId();
            columns[2][i] = e.action().name();
            columns[3][i] = e.purpose();
            columns[4][i] = e.subjectId() == null ? null : e.subjectId().toString();
            columns[5][i] = e.outcome().name();
            columns[6][i] = e.detail();
            columns[7][i] = e.correlationId();
            columns[8][i] = e.prevHash();
            columns[9][i] = e.hash();
        }
        try (PreparedStatement statement = connection.prepareStatement(ONE_STATEMENT_APPEND)) {
            statement.setLong(1, entries.getLast().seq());
            statement.setString(2, entries.getLast().hash());
            statement.setLong(3, expected.seq());
            statement.setString(4, expected.hash());
            statement.setLong(5, expected.seq());
            statement.setObject(6, entries.getFirst().at().atOffset(ZoneOffset.UTC));
            for (int c = 0; c < columns.length; c++) statement.setArray(7 + c, connection.createArrayOf("text", columns[c]));
            return statement.executeUpdate() == n ? entries : null;
        }
    }

    /**
     * One fixed statement whatever the batch size (columns as arrays, unnested), so PostgreSQL prepares it
     * once and plans it once.
     */
    private static final String ONE_STATEMENT_APPEND = "WITH moved AS (UPDATE audit_head SET seq = ?, hash = ?"
            + " WHERE id = 1 AND seq = ? AND hash = ? RETURNING id)"
            + " INSERT INTO audit_entry (seq, at, actor_kind, actor_id, action, purpose, subject_id, outcome, detail,"
            + " correlation_id, prev_hash, hash) SELECT CAST(? AS BIGINT) + u.n, CAST(? AS TIMESTAMP WITH TIME ZONE), u.actor_kind,"
            + " u.actor_id, u.action, u.purpose, u.subject_id, u.outcome, u.detail, u.correlation_id, u.prev_hash, u.hash"
            + " FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS UUID[]),"
            + " CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]))"
            + " WITH ORDINALITY AS u(actor_kind, actor_id, action, purpose, subject_id, outcome, detail, correlation_id, prev_hash,"
            + " hash, n) WHERE EXISTS (SELECT 1 FROM moved)";

    private List<AuditEntry> chain(Head head, List<AuditEvent> events) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<AuditEntry> entries = new ArrayList<>(events.size());
        long seq = head.seq();
        String prev = head.hash();
        for (AuditEvent event : events) {
            AuditEntry e = AuditEntry.chained(++seq, at, event, prev);
            entries.add(e);
            prev = e.hash();
        }
        return entries;
    }

    private static void insert(Connection connection, List<AuditEntry> entries) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (AuditEntry e : entries) {
                bind(insert, 1, e);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Binds an entry's twelve columns from parameter {@code first} on; returns the next parameter's index. */
    private static int bind(PreparedStatement statement, int first, AuditEntry e) throws SQLException {
        int p = first;
        statement.setLong(p++, e.seq());
        statement.setObject(p++, e.at().atOffset(ZoneOffset.UTC));
        statement.setString(p++, e.actorKind());
        statement.setString(p++, e.actorId());
        statement.setString(p++, e.action().name());
        statement.setString(p++, e.purpose());
        statement.setObject(p++, e.subjectId());
        statement.setString(p++, e.outcome().name());
        statement.setString(p++, e.detail());
        statement.setString(p++, e.correlationId());
        statement.setString(p++, e.prevHash());
        statement.setString(p++, e.hash());
        return p;
    }
}
