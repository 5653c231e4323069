package io.custodia.audit;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An act to record, before the ledger gives it a place in the chain. Holds ids, purposes, field names,
 * counts and reasons only, never a personal value (GDPR Art. 5(1)(c) minimisation; ASVS V16.2.5): so
 * erasing a person later leaves nothing of them in the ledger.
 *
 * @param actorKind     who acts, e.g. {@code STAFF}, {@code API_TOKEN}, {@code SYSTEM}, {@code SUBJECT} (1-16 chars)
 * @param actorId       the staff account id, API token id, {@code system} or subject id (1-64 chars)
 * @param purpose       the purpose of the act (data map id, at most 40 chars), or null when none applies
 * @param subjectId     the data subject concerned, or null for acts on no one in particular
 * @param detail        field names, counts, reasons (at most 2000 chars; empty allowed, never null)
 * @param correlationId the HTTP request's correlation id (at most 64 chars), or null
 */
public record AuditEvent(String actorKind, String actorId, AuditAction action, @Nullable String purpose,
        @Nullable UUID subjectId, AuditOutcome outcome, String detail, @Nullable String correlationId) {

    public static final int MAX_ACTOR_KIND = 16;
    public static final int MAX_ACTOR_ID = 64;
    public static final int MAX_PURPOSE = 40;
    public static final int MAX_DETAIL = 2000;
    public static final int MAX_CORRELATION_ID = 64;

    public AuditEvent {
        requireText(actorKind, "actorKind", MAX_ACTOR_KIND);
        requireText(actorId, "actorId", MAX_ACTOR_ID);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        requireLength(detail, "detail", MAX_DETAIL);
        if (purpose != null) requireText(purpose, "purpose", MAX_PURPOSE);
        if (correlationId != null) requireText(correlationId, "correlationId", MAX_CORRELATION_ID);
    }

    /** An event with no purpose, subject, detail or correlation id yet; add them with the {@code with*} methods. */
    public static AuditEvent of(String actorKind, String actorId, AuditAction action, AuditOutcome outcome) {
        return new AuditEvent(actorKind, actorId, action, null, null, outcome, "", null);
    }

    public AuditEvent withPurpose(@Nullable String newPurpose) {
        return new AuditEvent(actorKind, actorId, action, newPurpose, subjectId, outcome, detail, correlationId);
    }

    public AuditEvent withSubject(@Nullable UUID newSubjectId) {
        return new AuditEvent(actorKind, actorId, action, purpose, newSubjectId, outcome, detail, correlationId);
    }

    public AuditEvent withDetail(String newDetail) {
        return new AuditEvent(actorKind, actorId, action, purpose, subjectId, outcome, newDetail, correlationId);
    }

    public AuditEvent withCorrelationId(@Nullable String newCorrelationId) {
        return new AuditEvent(actorKind, actorId, action, purpose, subjectId, outcome, detail, newCorrelationId);
    }

    private static void requireText(@Nullable String value, String name, int max) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
        requireLength(value, name, max);
    }

    private static void requireLength(String value, String name, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " must be at most " + max + " characters, was " + value.length());
        }
    }
}
