package io.custodia.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An API client's {@code Idempotency-Key}: a change sent again with the same key (a retry after a timeout, a
 * lost answer) is not made twice. The first request with a key claims it; once it succeeds, its status and the
 * address of what it created are kept with the key for {@link #KEPT}; a request with a key already claimed
 * gets that outcome back, or is told the first one is still running, or that the key was used for another
 * request. A request that fails frees its key, so it may be sent again.
 *
 * <p>Keys belong to the API client that sent them (its token's actor id). What is kept is the key, the method
 * and path, a status and an address: no body, so nothing a person could be recognised by beyond the ids an
 * address holds (which the audit ledger holds too).
 */
@Service
public class RequestKeys {

    /** How long a key and its outcome are kept. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** A claim with no outcome older than this was left by a request that never finished (the application stopped). */
    static final Duration ABANDONED = Duration.ofMinutes(2);

    /** What a key allows. */
    public sealed interface Claim {
        /** The key is this request's: go on, then {@link #succeeded} or {@link #failed}. */
        record Fresh() implements Claim {
        }

        /** The key's request succeeded before: its status and the address of what it made (null when none). */
        record Done(int status, @Nullable String location) implements Claim {
        }

        /** The key's first request is still running. */
        record Running() implements Claim {
        }

        /** The key was used for another request (method and path). */
        record OtherRequest(String request) implements Claim {
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    RequestKeys(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Claims {@code key} for {@code request} ({@code POST /api/v1/persons}), each step in a transaction of its own so
     * that the claim is seen by a second request at once.
     */
    public Claim claim(String actor, String key, String request) {
        Instant now = clock.instant();
        try {
            ownTransaction.executeWithoutResult(s -> {
                jdbc.sql("DELETE FROM api_request_key WHERE actor_id = ? AND claimed_at < ?").params(actor, Timestamp.from(now.minus(KEPT)))
                        .update();
                jdbc.sql("INSERT INTO api_request_key (actor_id, request_key, request, claimed_at) VALUES (?, ?, ?, ?)")
                        .params(actor, key, request, Timestamp.from(now)).update();
            });
            return new Claim.Fresh();
        } catch (DuplicateKeyException claimed) {
            return ownTransaction.execute(s -> earlier(actor, key, request, now));
        }
    }

    private Claim earlier(String actor, String key, String request, Instant now) {
        record Row(String request, Instant claimedAt, @Nullable Integer status, @Nullable String location) {
        }
        List<Row> rows = jdbc.sql("SELECT request, claimed_at, status, location FROM api_request_key WHERE actor_id = ? AND request_key = ?"
                + " FOR UPDATE").params(actor, key).query((rs, n) -> new Row(rs.getString(1),
                rs.getTimestamp(2).toInstant(), (Integer) rs.getObject(3), rs.getString(4))).list();
        if (rows.isEmpty()) {
            // freed between the two steps (its request failed): the client is told to try again, as for one running
            return new Claim.Running();
        }
        Row row = rows.getFirst();
        if (!row.request().equals(request)) return new Claim.OtherRequest(row.request());
        if (row.status() != null) return new Claim.Done(row.status(), row.location());
        if (row.claimedAt().isBefore(now.minus(ABANDONED))) {
            jdbc.sql("UPDATE api_request_key SET claimed_at = ? WHERE actor_id = ? AND request_key = ?")
                    .params(Timestamp.from(now), actor, key).update();
            return new Claim.Fresh();
        }
        return new Claim.Running();
    }

    /** The claimed request succeeded: its outcome is given to whoever sends the key again. */
    public void succeeded(String actor, String key, int status, @Nullable String location) {
        ownTransaction.executeWithoutResult(s -> jdbc.sql("UPDATE api_request_key SET status = ?, location = ? WHERE actor_id = ?"
                + " AND request_key = ?").params(status, location, actor, key).update());
    }

    /** The claimed request failed (nothing was made): the key is free again. */
    public void failed(String actor, String key) {
        ownTransaction.executeWithoutResult(s -> jdbc.sql("DELETE FROM api_request_key WHERE actor_id = ? AND request_key = ?"
                + " AND status IS NULL").params(actor, key).update());
    }
}
