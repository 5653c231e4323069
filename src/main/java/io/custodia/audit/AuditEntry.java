package io.custodia.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event with its place in the chain: sequence number, time and the hashes that link it to the
 * entry before (GDPR Art. 5(2): evidence that holds up). Never null except where marked.
 *
 * @param seq      1 for the first entry, then exactly one more than the entry before
 * @param at       when the ledger recorded it, in microseconds (what both databases store)
 * @param prevHash the previous entry's hash, or 64 zeros for the first
 * @param hash     hex SHA-256 over the canonical encoding of this entry and {@code prevHash}
 */
public record AuditEntry(long seq, Instant at, String actorKind, String actorId, AuditAction action,
        @Nullable String purpose, @Nullable UUID subjectId, AuditOutcome outcome, String detail,
        @Nullable String correlationId, String prevHash, String hash) {

    public AuditEntry {
        if (seq < 1) throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
        new AuditEvent(actorKind, actorId, action, purpose, subjectId, outcome, detail, correlationId);
    }

    static AuditEntry chained(long seq, Instant at, AuditEvent e, String prevHash) {
        String hash = AuditHashes.hash(new StoredEntry(seq, at, e.actorKind(), e.actorId(), e.action().name(),
                e.purpose(), e.subjectId(), e.outcome().name(), e.detail(), e.correlationId(), prevHash, ""));
        return new AuditEntry(seq, at, e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(),
                e.detail(), e.correlationId(), prevHash, hash);
    }

    /** The event this entry records. */
    public AuditEvent event() {
        return new AuditEvent(actorKind, actorId, action, purpose, subjectId, outcome, detail, correlationId);
    }
}
