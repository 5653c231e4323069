package io.custodia.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers outside a write hand their entries over and wait; one thread takes everything
 * waiting, chains it and commits it in one transaction, then releases every caller at once. No timer:
 * while one batch commits the next one gathers, so the batch grows with the load and a lone caller waits
 * for one commit only. A caller returns only after the commit that holds its entries succeeded, so no
 * acknowledged entry is lost on a crash (PostgreSQL's default {@code synchronous_commit = on}).
 *
 * <p>Callers wait here while holding a connection of the application's pool (a read in a read-only
 * transaction), so the committer must never need one from that pool: with every pooled connection held by
 * a waiting caller, it would wait for them while they wait for it. It commits on a pool of its own
 * ({@link #ownPool}: two connections with the application pool's settings). After {@link #stop()} (at
 * shutdown, after the web server) callers commit on a connection of the application's pool themselves.
 */
final class GroupCommitter {

    /** Most entries chained in one transaction. */
    static final int MAX_BATCH = 2_000;
    /** Longest a caller waits for its entries to be committed before its act is refused. */
    static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private record Pending(List<AuditEvent> events, CompletableFuture<Void> done) {
    }

    private final DataSource dataSource;
    private final DataSource application;
    private final AuditLedger ledger;
    /** The head this thread wrote last (PostgreSQL), so the next batch can skip reading it; null when unknown. */
    private AuditLedger.@Nullable Head head;
    private @Nullable Boolean postgres;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private @Nullable Thread thread;
    private @Nullable Connection connection;
    private long commits;
    private long committedEntries;
    private long oneStatementCommits;

    /**
     * @param dataSource the application's data source; when it is a Hikari pool, the committer commits on a
     *                   small pool of its own with the same settings
     */
    GroupCommitter(DataSource dataSource, AuditLedger ledger) {
        this.application = dataSource;
        this.dataSource = ownPool(dataSource);
        this.ledger = ledger;
    }

    /** Two connections like the application pool's, for the ledger only; the data source itself when it is not Hikari. */
    static DataSource ownPool(DataSource application) {
        return ownPool(application, "audit-ledger", 2, 1, null);
    }

    /**
     * A small pool of the audit module's own with the application pool's settings (the data source itself when
     * it is not Hikari), so that the ledger's work never waits for a connection the application holds.
     *
     * @param connectionTimeoutMillis how long a caller waits for a connection (null: the application pool's)
     */
    static DataSource ownPool(DataSource application, String name, int size, int minimumIdle, @Nullable Long connectionTimeoutMillis) {
        try {
            if (!application.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) return application;
            com.zaxxer.hikari.HikariDataSource hikari = application.unwrap(com.zaxxer.hikari.HikariDataSource.class);
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            hikari.copyStateTo(config);
            config.setPoolName(name);
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(minimumIdle);
            if (connectionTimeoutMillis != null) config.setConnectionTimeout(connectionTimeoutMillis);
            // no metrics of its own: Hikari refuses a registry and a tracker factory together, so clear whichever is set
            if (config.getMetricRegistry() != null) config.setMetricRegistry(null);
            if (config.getMetricsTrackerFactory() != null) config.setMetricsTrackerFactory(null);
            config.setHealthCheckRegistry(null);
            return new com.zaxxer.hikari.HikariDataSource(config);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the audit ledger's connections", e);
        }
    }

    /** Blocks until the events are durable; throws {@link AuditUnavailableException} if they are not. */
    void commit(List<AuditEvent> events) {
        Pending pending = new Pending(events, new CompletableFuture<>());
        boolean queued;
        synchronized (lifecycle) {
            queued = running;
            if (queued) queue.add(pending);
        }
        if (!queued) {
            commitAlone(events);
            return;
        }
        try {
            pending.done().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the act is refused; should its entry still be committed later, the ledger says more than happened, never less
            throw new AuditUnavailableException("The audit ledger did not confirm this act within " + MAX_WAIT.toSeconds()
                    + " s, so it was not done; try again shortly");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AuditUnavailableException a ? a : new AuditUnavailableException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("Interrupted while waiting for the audit ledger: the act may not have been recorded, so it was not done");
        }
    }

    void start() {
        synchronized (lifecycle) {
            if (running) return;
            running = true;
            Thread t = new Thread(this::loop, "audit-group-commit");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Stops taking new work, commits what is queued, and releases the connection. */
    void stop() {
        Thread t;
        synchronized (lifecycle) {
            if (!running) return;
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning() {
        return running;
    }

    /** Transactions committed, entries they held, and how many of those commits took one statement, since start. */
    synchronized long[] counters() {
        return new long[] {commits, committedEntries, oneStatementCommits};
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                int size = first.events().size();
                Pending next;
                while (size < MAX_BATCH && (next = queue.poll()) != null) {
                    batch.add(next);
                    size += next.events().size();
                }
                commitBatch(batch, size);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable unexpected) {
                // never leave callers waiting on a batch nobody will commit
                log.error("The audit ledger's group commit failed unexpectedly; the acts it held were refused", unexpected);
                AuditUnavailableException failure = new AuditUnavailableException(unexpected);
                batch.forEach(p -> p.done().completeExceptionally(failure));
                closeConnection();
            } finally {
                batch.clear();
            }
        }
        // interrupted: callers from now on commit on their own; those already waiting are refused
        synchronized (lifecycle) {
            running = false;
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new AuditUnavailableException("The audit ledger stopped before recording this act, so it was not done"));
        }
        closeConnection();
    }

    /** Releases the ledger's own pool for good (the context is closing; a stopped committer may start again). */
    void close() {
        stop();
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource own && dataSource != application) own.close();
    }

    private void commitBatch(List<Pending> batch, int size) {
        List<AuditEvent> events = new ArrayList<>(size);
        batch.forEach(p -> events.addAll(p.events()));
        try {
            Connection c = connection();
            try {
                List<AuditEntry> written = null;
                if (head != null) {
                    // PostgreSQL, head known: one statement in auto-commit moves the head, inserts and commits
                    c.setAutoCommit(true);
                    written = ledger.appendInOneStatement(c, events, head);
                    c.setAutoCommit(false);
                    if (written != null) {
                        synchronized (this) {
                            oneStatementCommits++;
                        }
                    }
                }
                if (written == null) {
                    written = ledger.appendOn(c, events);
                    c.commit();
                }
                head = Boolean.TRUE.equals(postgres) ? AuditLedger.Head.of(written.getLast()) : null;
            } catch (SQLException | RuntimeException e) {
                head = null;
                if (!c.getAutoCommit()) rollbackQuietly(c);
                throw e;
            }
            synchronized (this) {
                commits++;
                committedEntries += size;
            }
            batch.forEach(p -> p.done().complete(null));
        } catch (SQLException | RuntimeException e) {
            log.error("The audit ledger could not commit {} entries; the acts they record were refused", size, e);
            closeConnection();
            AuditUnavailableException failure = new AuditUnavailableException(e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        }
    }

    private void commitAlone(List<AuditEvent> events) {
        try (Connection c = application.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                appendAndCommit(c, events);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException(e);
        }
    }

    /** One transaction on a connection not in auto-commit: the entries and the head, or nothing. */
    private void appendAndCommit(Connection c, List<AuditEvent> events) throws SQLException {
        try {
            ledger.appendOn(c, events);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgresql");
            connection = c;
        }
        return connection;
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c == null) return;
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; closing hands it back to the pool, which discards it
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed by the caller
        }
    }
}
