package io.custodia.identity;

import io.custodia.crypto.RequestDigests;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An API client's {@code Idempotency-Key}: a change sent again with the same key (a retry after a timeout, a lost
 * answer) is not made twice. The first request with a key claims it; once it succeeds, its status and the address of
 * what it made are kept with the key for {@link #KEPT}; a request with a key already claimed gets that outcome back,
 * or is told the first one is still running, or that the key came with another request (another method, path or
 * body). A request that fails frees its key, so it may be sent again.
 *
 * <p>A key whose request never finished (the application stopped between the change and the note of its outcome) is
 * never run again: its outcome is unknown, and running it again could make the change twice.
 *
 * <p>Keys belong to the API client that sent them (its token's actor id). The key and the body are kept as keyed
 * digests ({@link RequestDigests}: a client may put anything in a key; a body holds personal data), the method and path, the status and the
 * address in clear, and the whole answer of a request that makes what the client cannot find again (an import's ids
 * and count): ids at most, which the audit ledger holds too. Rows are deleted {@link #KEPT} after their claim.
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
        record Done(int status, @Nullable String location, byte @Nullable [] outcome) implements Claim {
        }

        /** The key's first request is still running. */
        record Running() implements Claim {
        }

        /**
         * The key's first request never finished (the application stopped while it ran): whether its change was made
         * is not known here, so the key does not run it again.
         */
        record Interrupted() implements Claim {
        }

        /** The key came with another request: its method and path, and whether only the body differs. */
        record OtherRequest(String request, boolean otherBody) implements Claim {
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final RequestDigests digests;

    RequestKeys(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, RequestDigests digests) {
        this.jdbc = jdbc;
        this.digests = digests;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Claims {@code key} for {@code request} ({@code POST /api/v1/persons}) with this body, each step in a transaction
     * of its own, so that a second request sees the claim at once.
     */
    public Claim claim(String actor, String key, String request, byte[] body) {
        Instant now = clock.instant();
        String keyDigest = digests.key(key);
        String bodyDigest = digests.body(body);
        try {
            ownTransaction.executeWithoutResult(s -> jdbc.sql("INSERT INTO api_request_key (actor_id, key_digest, request, body_digest,"
                    + " claimed_at) VALUES (?, ?, ?, ?, ?)").params(actor, keyDigest, request, bodyDigest, Timestamp.from(now)).update());
            return new Claim.Fresh();
        } catch (DuplicateKeyException claimed) {
            return ownTransaction.execute(s -> earlier(actor, keyDigest, request, bodyDigest, now));
        }
    }

    private Claim earlier(String actor, String keyDigest, String request, String bodyDigest, Instant now) {
        record Row(String request, String body, Instant claimedAt, @Nullable Integer status, @Nullable String location, byte @Nullable [] outcome) {
        }
        List<Row> rows = jdbc.sql("SELECT request, body_digest, claimed_at, status, location, outcome FROM api_request_key WHERE actor_id = ?"
                + " AND key_digest = ? FOR UPDATE").params(actor, keyDigest).query((rs, n) -> new Row(rs.getString(1), rs.getString(2),
                rs.getTimestamp(3).toInstant(), (Integer) rs.getObject(4), rs.getString(5), rs.getBytes(6))).list();
        // freed between the two steps (its request failed): the client is told to try again, as for one running
        if (rows.isEmpty()) return new Claim.Running();
        Row row = rows.getFirst();
        if (!row.request().equals(request) || !row.body().equals(bodyDigest)) {
            return new Claim.OtherRequest(row.request(), row.request().equals(request));
        }
        if (row.status() != null) {
            if (row.claimedAt().isBefore(now.minus(KEPT))) {
                // outlived its day: the key starts afresh
                jdbc.sql("UPDATE api_request_key SET claimed_at = ?, status = NULL, location = NULL, outcome = NULL WHERE actor_id = ? AND key_digest = ?")
                        .params(Timestamp.from(now), actor, keyDigest).update();
                return new Claim.Fresh();
            }
            return new Claim.Done(row.status(), row.location(), row.outcome());
        }
        return row.claimedAt().isBefore(now.minus(ABANDONED)) ? new Claim.Interrupted() : new Claim.Running();
    }

    /**
     * The claimed request succeeded: its outcome is given to whoever sends the key again.
     *
     * @param outcome the answer's body when it is to be given back whole (ids and counts only, never a personal value), else null
     */
    public void succeeded(String actor, String key, int status, @Nullable String location, byte @Nullable [] outcome) {
        String keyDigest = digests.key(key);
        ownTransaction.executeWithoutResult(s -> jdbc.sql("UPDATE api_request_key SET status = ?, location = ?, outcome = ? WHERE actor_id = ?"
                + " AND key_digest = ?").params(status, location, outcome, actor, keyDigest).update());
    }

    /** The claimed request failed (nothing was made): the key is free again. */
    public void failed(String actor, String key) {
        String keyDigest = digests.key(key);
        ownTransaction.executeWithoutResult(s -> jdbc.sql("DELETE FROM api_request_key WHERE actor_id = ? AND key_digest = ?"
                + " AND status IS NULL").params(actor, keyDigest).update());
    }

    /** Deletes the keys claimed more than {@link #KEPT} ago, every client's; returns how many. */
    @Scheduled(fixedDelayString = "${custodia.identity.request-key-sweep:PT1H}", initialDelayString = "${custodia.identity.request-key-sweep:PT1H}")
    public int sweep() {
        return jdbc.sql("DELETE FROM api_request_key WHERE claimed_at < ?").param(Timestamp.from(clock.instant().minus(KEPT))).update();
    }
}
