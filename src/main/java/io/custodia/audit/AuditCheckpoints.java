package io.custodia.audit;

import io.custodia.crypto.LedgerSignatures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed checkpoints and retention of the ledger (GDPR Art. 5(2) and 5(1)(e)). A checkpoint is signed
 * once {@code checkpoint-every} entries follow the last one or {@code checkpoint-interval} has passed
 * with entries unsealed, whichever comes first; it is stored, appended to the checkpoint file and POSTed
 * to the checkpoint URL when those are set. Pruning removes entries older than the retention up to a
 * checkpoint, records the cut as a {@code LEDGER_PRUNED} entry in the chain itself, and leaves the chain
 * verifiable from that checkpoint.
 */
@Service
public class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final LedgerSignatures signatures;
    private final AuditLedger ledger;
    private final AuditProperties properties;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AuditCheckpoints(JdbcClient jdbc, DataSource dataSource, TransactionTemplate transactions, LedgerSignatures signatures,
            AuditLedger ledger, AuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.signatures = signatures;
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock;
    }

    /** Signs a checkpoint when one is due; runs every second. */
    @Scheduled(initialDelayString = "PT2S", fixedDelayString = "PT1S")
    void sealWhenDue() {
        try {
            if (due()) seal();
        } catch (RuntimeException e) {
            log.warn("Could not sign an audit checkpoint; will try again", e);
        }
    }

    /** Whether entries are unsealed and either enough of them or enough time has gone by. */
    boolean due() {
        long head = headSeq();
        Optional<Checkpoint> last = latest();
        long sealed = last.map(Checkpoint::seq).orElse(0L);
        if (head <= sealed) return false;
        if (head - sealed >= properties.checkpointEvery()) return true;
        Instant since = last.map(Checkpoint::at).orElseGet(() -> firstUnsealedAt(sealed));
        return !Duration.between(since, clock.instant()).minus(properties.checkpointInterval()).isNegative();
    }

    /**
     * Signs the chain as it now stands (the head's entry), stores the checkpoint and copies it to the sinks.
     * Empty when the ledger is empty; the existing checkpoint when the head is already sealed.
     */
    public Optional<Checkpoint> seal() {
        Head head = head();
        if (head.seq() == 0) return Optional.empty();
        Optional<Checkpoint> existing = at(head.seq());
        if (existing.isPresent()) return existing;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] signature = signatures.sign(Checkpoint.signedText(head.seq(), head.hash(), at).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Checkpoint checkpoint = new Checkpoint(head.seq(), head.hash(), at, signatures.keyId(), Base64.getEncoder().encodeToString(signature));
        try {
            jdbc.sql("INSERT INTO audit_checkpoint (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)")
                    .params(checkpoint.seq(), checkpoint.hash(), Timestamp.from(checkpoint.at()), checkpoint.keyId(), checkpoint.signature())
                    .update();
        } catch (DuplicateKeyException otherNode) {
            return at(head.seq());
        }
        push(checkpoint);
        return Optional.of(checkpoint);
    }

    /** Every stored checkpoint, by seq. */
    public List<Checkpoint> all() {
        return jdbc.sql("SELECT seq, hash, at, key_id, signature FROM audit_checkpoint ORDER BY seq").query(AuditCheckpoints::checkpoint).list();
    }

    /** The checkpoints with {@code from <= seq <= to}, by seq. */
    public List<Checkpoint> between(long from, long to) {
        return jdbc.sql("SELECT seq, hash, at, key_id, signature FROM audit_checkpoint WHERE seq BETWEEN ? AND ? ORDER BY seq")
                .params(from, to).query(AuditCheckpoints::checkpoint).list();
    }

    public Optional<Checkpoint> latest() {
        return jdbc.sql("SELECT seq, hash, at, key_id, signature FROM audit_checkpoint ORDER BY seq DESC LIMIT 1")
                .query(AuditCheckpoints::checkpoint).optional();
    }

    Optional<Checkpoint> at(long seq) {
        return jdbc.sql("SELECT seq, hash, at, key_id, signature FROM audit_checkpoint WHERE seq = ?").param(seq)
                .query(AuditCheckpoints::checkpoint).optional();
    }

    /** Prunes daily when a retention is set. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT24H")
    void pruneWhenConfigured() {
        if (properties.retention() == null) return;
        try {
            long removed = prune(clock.instant().minus(properties.retention()));
            if (removed > 0) log.info("Pruned {} audit entries older than the retention {}", removed, properties.retention());
        } catch (RuntimeException e) {
            log.warn("Could not prune the audit ledger; will try again tomorrow", e);
        }
    }

    /**
     * Removes the entries up to the latest checkpoint whose entry is older than {@code cutoff}, in one
     * transaction that also records the cut in the chain. Returns how many entries were removed (0 when
     * no checkpoint is old enough).
     */
    public long prune(Instant cutoff) {
        // 1. a short transaction under the head lock: the cut is recorded in the chain and the chain starts after it
        long[] cut = transactions.execute(status -> {
            long first = jdbc.sql("SELECT first_seq FROM audit_head WHERE id = 1 FOR UPDATE").query(Long.class).single();
            Optional<Long> sealed = jdbc.sql("SELECT MAX(c.seq) FROM audit_checkpoint c JOIN audit_entry e ON e.seq = c.seq AND e.hash = c.hash"
                    + " WHERE e.at < ? AND c.seq >= ?").params(Timestamp.from(cutoff), first).query(Long.class).optional();
            if (sealed.isEmpty() || sealed.get() == null) return new long[] {0, 0};
            long k = sealed.get();
            long count = k - first + 1; // seq has no gap from first_seq on (verification checks it)
            AuditEvent pruned = AuditEvent.of("SYSTEM", "system", AuditAction.LEDGER_PRUNED, AuditOutcome.ALLOWED)
                    .withDetail("first=" + (k + 1) + "; checkpoint=" + k + "; removed=" + count + "; older-than=" + cutoff);
            try {
                ledger.appendOn(DataSourceUtils.getConnection(dataSource), List.of(pruned));
            } catch (SQLException e) {
                throw new AuditUnavailableException(e);
            }
            jdbc.sql("DELETE FROM audit_checkpoint WHERE seq < ?").param(k).update();
            jdbc.sql("UPDATE audit_head SET first_seq = ? WHERE id = 1").param(k + 1).update();
            return new long[] {k, count};
        });
        // 2. the rows before the new start, in short transactions without the head lock, so reads never wait for
        //    them (verification already starts at first_seq; rows a crash left behind go at the next prune)
        long firstSeq = jdbc.sql("SELECT first_seq FROM audit_head WHERE id = 1").query(Long.class).single();
        int deleted;
        do {
            deleted = transactions.execute(status -> jdbc.sql("DELETE FROM audit_entry WHERE seq IN (SELECT seq FROM audit_entry"
                    + " WHERE seq < ? ORDER BY seq LIMIT " + PRUNE_CHUNK + ")").param(firstSeq).update());
        } while (deleted > 0);
        return cut == null ? 0 : cut[1];
    }

    /** Entries deleted per transaction when pruning. */
    static final int PRUNE_CHUNK = 10_000;

    private void push(Checkpoint checkpoint) {
        String line = json(checkpoint);
        Path file = properties.checkpointFile();
        if (file != null) {
            try {
                Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                log.warn("Could not append audit checkpoint {} to {}", checkpoint.seq(), file, e);
            }
        }
        URI url = properties.checkpointUrl();
        if (url != null) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(line)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() >= 300) {
                    log.warn("Could not deliver audit checkpoint {} to {}: {}", checkpoint.seq(), url,
                            failure != null ? failure.toString() : "HTTP " + response.statusCode());
                }
            });
        }
    }

    /** One checkpoint as a JSON object (the sinks' and the export's format). */
    static String json(Checkpoint c) {
        return "{\"type\":\"checkpoint\",\"seq\":" + c.seq() + ",\"hash\":\"" + c.hash() + "\",\"at\":\"" + c.at()
                + "\",\"keyId\":\"" + c.keyId() + "\",\"signature\":\"" + c.signature() + "\"}";
    }

    private long headSeq() {
        return head().seq();
    }

    private Head head() {
        return jdbc.sql("SELECT seq, hash FROM audit_head WHERE id = 1").query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
    }

    private Instant firstUnsealedAt(long sealed) {
        return jdbc.sql("SELECT at FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT 1").param(sealed)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional().orElseGet(clock::instant);
    }

    static Checkpoint checkpoint(java.sql.ResultSet rs, int n) throws SQLException {
        return new Checkpoint(rs.getLong("seq"), rs.getString("hash"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("key_id"), rs.getString("signature"));
    }

    private record Head(long seq, String hash) {
    }
}
