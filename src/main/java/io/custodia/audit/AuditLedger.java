package io.custodia.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends acts to the hash-chained ledger (GDPR Art. 5(2) and 30; ASVS V16.3: security events are
 * logged, V16.4: logs are protected from tampering). Appends join the caller's transaction when there is
 * one, so a write's entries commit with the write and vanish on its rollback; otherwise each call is a
 * transaction of its own. Appends are serialised by a lock on the single head row: sequence numbers
 * have no gaps and the chain never forks.
 */
@Service
public class AuditLedger {

    private static final String INSERT = "INSERT INTO audit_entry (seq, at, actor_kind, actor_id, action, purpose, subject_id,"
            + " outcome, detail, correlation_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;

    AuditLedger(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    /**
     * Records one act and returns its entry (never null).
     *
     * @throws NullPointerException if {@code event} is null
     */
    @Transactional
    public AuditEntry append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return appendAll(List.of(event)).getFirst();
    }

    /**
     * Records several acts under one lock of the head, in the given order, with one batch insert; they
     * share one time. Returns their entries in the same order (empty for no events).
     *
     * @throws NullPointerException if {@code events} or one of them is null
     */
    @Transactional
    public List<AuditEntry> appendAll(List<AuditEvent> events) {
        Objects.requireNonNull(events, "events");
        events.forEach(e -> Objects.requireNonNull(e, "events must not contain null"));
        if (events.isEmpty()) return List.of();
        Head head = jdbc.sql("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash"))).single();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<AuditEntry> entries = new ArrayList<>(events.size());
        long seq = head.seq();
        String prev = head.hash();
        for (AuditEvent event : events) {
            AuditEntry entry = AuditEntry.chained(++seq, at, event, prev);
            entries.add(entry);
            prev = entry.hash();
        }
        template.batchUpdate(INSERT, entries.stream().map(AuditLedger::row).toList());
        jdbc.sql("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1").params(seq, prev).update();
        return List.copyOf(entries);
    }

    private static Object[] row(AuditEntry e) {
        return new Object[] {e.seq(), e.at().atOffset(ZoneOffset.UTC), e.actorKind(), e.actorId(), e.action().name(),
                e.purpose(), e.subjectId(), e.outcome().name(), e.detail(), e.correlationId(), e.prevHash(), e.hash()};
    }

    private record Head(long seq, String hash) {
    }
}
