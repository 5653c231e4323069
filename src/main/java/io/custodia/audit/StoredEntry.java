package io.custodia.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An entry as its row stores it, every column as raw text: the verifier hashes what is there, so a
 * tampered row (even one with an action no enum knows) is reported instead of failing to load.
 */
record StoredEntry(long seq, Instant at, String actorKind, String actorId, String action, @Nullable String purpose,
        @Nullable UUID subjectId, String outcome, String detail, @Nullable String correlationId, String prevHash,
        String hash) implements ChainEntry {

    @Override
    public boolean recordsPruningBefore(long firstSeq) {
        return action.equals(AuditAction.LEDGER_PRUNED.name()) && detail.startsWith(ChainEntry.pruneDetailPrefix(firstSeq));
    }

    @Override
    public StoredEntry entry() {
        return this;
    }

    StoredEntry withSeq(long otherSeq) {
        return new StoredEntry(otherSeq, at, actorKind, actorId, action, purpose, subjectId, outcome, detail,
                correlationId, prevHash, hash);
    }
}
