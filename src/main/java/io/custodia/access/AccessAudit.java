package io.custodia.access;

import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.identity.Actor;
import io.custodia.policy.AccessPolicy;
import io.custodia.policy.FieldRefusedException;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the gateway tells the ledger (DESIGN.md invariants 3 and 8): who acted, for which purpose, on whom,
 * and field names, counts and reasons, never a value. Text that came from a caller (a purpose header, a
 * field name in a request body) enters an entry only once it is known to be one of the data map's ids,
 * so nothing a client types can reach the ledger.
 */
@Component
class AccessAudit {

    private final AuditLedger ledger;
    private final AccessPolicy policy;

    AccessAudit(AuditLedger ledger, AccessPolicy policy) {
        this.ledger = ledger;
        this.policy = policy;
    }

    /** One READ entry per person returned, durable before the caller gets the data. */
    void read(AccessRequest request, String purpose, Collection<SubjectId> returned, String record, Set<String> fields,
            Set<String> withheld, Set<String> limited) {
        if (returned.isEmpty()) return;
        perPerson(request, purpose, AuditAction.READ, returned, join(base(request.actor()), "record=" + record,
                "fields=" + names(fields), withheld.isEmpty() ? "" : "withheld=" + names(withheld),
                limited.isEmpty() ? "" : "limited-sensitive=" + names(limited)));
    }

    /** One SEARCH entry: the kind of search and how many it found, never what was searched for. */
    void search(AccessRequest request, String purpose, String kind, int results) {
        ledger.record(event(request.actor(), AuditAction.SEARCH, AuditOutcome.ALLOWED, purpose, null,
                join(base(request.actor()), "kind=" + kind, "results=" + results)));
    }

    /** One entry per person written; it commits with the write and vanishes with it on rollback. */
    void write(AccessRequest request, String purpose, AuditAction action, Collection<SubjectId> subjects, String record,
            Collection<String> fields) {
        perPerson(request, purpose, action, subjects, join(base(request.actor()), "record=" + record, "fields=" + names(known(fields))));
    }

    /** One allowed entry per person, all with the same detail, recorded together. */
    private void perPerson(AccessRequest request, String purpose, AuditAction action, Collection<SubjectId> subjects, String detail) {
        List<AuditEvent> events = new ArrayList<>(subjects.size());
        for (SubjectId subject : subjects) {
            events.add(event(request.actor(), action, AuditOutcome.ALLOWED, purpose, subject.value(), detail));
        }
        ledger.recordAll(events);
    }

    /**
     * The system read every person's indexed fields to build blind indexes the data map newly declares: one entry for the
     * whole build (the kinds and how many persons), not one per person.
     */
    void indexesBuilt(java.util.Set<String> kinds, long persons) {
        ledger.record(new AuditEvent("SYSTEM", "system", AuditAction.READ, null, null, AuditOutcome.ALLOWED,
                clip(join("kind=blind-index-build", "indexes=" + String.join(",", new TreeSet<>(kinds)), "persons=" + persons)), null));
    }

    /** Persons left out of a read because the purpose's legal basis does not hold for them: one DENIED entry each. */
    void basisRefused(AccessRequest request, AuditAction attempted, Map<SubjectId, io.custodia.policy.BasisRefusal> refused) {
        List<AuditEvent> events = new ArrayList<>(refused.size());
        refused.forEach((subject, refusal) -> events.add(event(request.actor(), AuditAction.DENIED, AuditOutcome.DENIED, refusal.purpose(),
                subject.value(), join(base(request.actor()), "attempted=" + attempted.name(), basisReason(refusal)))));
        ledger.recordAll(events);
    }

    /** {@code reason=BASIS_CONSENT_WITHDRAWN;since=2026-03-02}: the code and the day, never a value. */
    private static String basisReason(io.custodia.policy.BasisRefusal refusal) {
        return join("reason=BASIS_" + refusal.reason(), refusal.since() == null ? ""
                : "since=" + java.time.LocalDate.ofInstant(refusal.since(), java.time.ZoneOffset.UTC));
    }

    /** A refusal, kept whatever happens to the caller's transaction, before the refusal reaches the caller. */
    void denied(AccessRequest request, AuditAction attempted, @Nullable SubjectId subject, RuntimeException refusal) {
        String reason = switch (refusal) {
            case PurposeRefusedException p -> "reason=PURPOSE_" + p.reason().name();
            case FieldRefusedException f -> join("reason=FIELD_" + f.reason().name(), "fields=" + names(known(f.fields())));
            case io.custodia.policy.BasisRefusedException b -> basisReason(b.refusal());
            case NoteRefusedException n -> join("reason=NOTE_REFUSED", "fields=" + names(known(List.of(n.field()))),
                    "found=" + String.join(",", n.kinds()));
            default -> "reason=" + refusal.getClass().getSimpleName();
        };
        ledger.recordNow(event(request.actor(), AuditAction.DENIED, AuditOutcome.DENIED, knownPurpose(request.purpose()),
                subject == null ? null : subject.value(), join(base(request.actor()), "attempted=" + attempted.name(), reason)));
    }

    private AuditEvent event(Actor actor, AuditAction action, AuditOutcome outcome, @Nullable String purpose,
            @Nullable UUID subject, String detail) {
        return new AuditEvent(actor.kind().name(), actor.id(), action, purpose, subject, outcome, clip(detail), null);
    }

    /** An API token's entries also name the account it belongs to, so an actor filter finds them. */
    private static String base(Actor actor) {
        return actor.auditAccount();
    }

    private @Nullable String knownPurpose(@Nullable String purpose) {
        return purpose != null && policy.knowsPurpose(purpose) ? purpose : null;
    }

    private List<String> known(Collection<String> fields) {
        return fields.stream().filter(f -> policy.fields().containsKey(f)).toList();
    }

    /**
     * The same as {@link #names(Collection)}, remembered per set: a read's field sets are its purpose's (a few per
     * purpose and record), and sorting them for every read cost a tenth of the gateway's own time per read.
     */
    private String names(Set<String> fields) {
        String known = nameLists.get(fields);
        if (known != null) return known;
        String listed = names((Collection<String>) fields);
        if (nameLists.size() < MAX_NAME_LISTS) nameLists.putIfAbsent(Set.copyOf(fields), listed);
        return listed;
    }

    private static final int MAX_NAME_LISTS = 512;
    private final Map<Set<String>, String> nameLists = new java.util.concurrent.ConcurrentHashMap<>();

    /** Field ids without their record's prefix (the entry names the record): {@code person.emails} → {@code emails}. */
    private static String names(Collection<String> fields) {
        TreeSet<String> names = new TreeSet<>();
        fields.forEach(f -> names.add(f.substring(f.indexOf('.') + 1)));
        return String.join(",", names);
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) continue;
            if (!out.isEmpty()) out.append("; ");
            out.append(part);
        }
        return out.toString();
    }

    private static String clip(String detail) {
        return detail.length() <= AuditEvent.MAX_DETAIL ? detail : detail.substring(0, AuditEvent.MAX_DETAIL - 1) + "…";
    }
}
