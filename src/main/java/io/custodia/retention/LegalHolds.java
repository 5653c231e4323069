package io.custodia.retention;

import io.custodia.access.PersonalDataGateway;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.people.PersonService;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Legal holds (GDPR Art. 17(3)(b)): the DPO, or the billing system through the API, records that a legal
 * obligation of the data map requires a person's data to be kept until a day. An erasure then keeps the
 * fields that purpose declares, only those, until the last hold ends; the rest goes at once. A hold names a
 * purpose founded on a legal obligation, and cannot outlast that purpose's retention counted from today
 * (storage limitation, Art. 5(1)(e)). Every hold placed or released is in the audit ledger.
 */
@Service
public class LegalHolds implements io.custodia.shared.ErasureGuard {

    static final int MAX_REASON = 500;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ZoneId zone;
    private final DataMap dataMap;
    private final PersonService persons;
    private final PersonalDataGateway gateway;
    private final AuditLedger audit;

    LegalHolds(JdbcClient jdbc, Clock clock, @Value("${custodia.retention.zone:Europe/Paris}") ZoneId zone, DataMap dataMap,
            PersonService persons, PersonalDataGateway gateway, AuditLedger audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.zone = zone;
        this.dataMap = dataMap;
        this.persons = persons;
        this.gateway = gateway;
        this.audit = audit;
    }

    /** The day it is now, in the controller's zone: a hold holds through its last day. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * Places a hold on a person.
     *
     * @param until the last day the data must be kept
     * @throws InvalidInputException naming each bad field
     * @throws NotFoundException when there is no such person
     */
    @Transactional
    public LegalHold place(Actor actor, SubjectId subject, @Nullable String purposeId, @Nullable String reason, @Nullable LocalDate until) {
        persons.requireExists(subject);
        String id = purposeId == null ? "" : purposeId.strip();
        Purpose purpose = dataMap.purpose(id).orElseThrow(() -> InvalidInputException.of("purpose", id.isEmpty() ? "required" : "unknown",
                "a purpose founded on a legal obligation: one of " + obligations()));
        if (purpose.legalBasis() != LegalBasis.LEGAL_OBLIGATION || id.equals(RIGHTS_PURPOSE)) {
            throw InvalidInputException.of("purpose", "not-legal-obligation", "the purpose '" + id + "' rests on " + purpose.legalBasis().key()
                    + "; a legal hold rests on a legal obligation: one of " + obligations());
        }
        String why = reason(reason, "reason");
        LocalDate today = today();
        if (until == null) throw InvalidInputException.of("until", "required", "the last day the data must be kept (YYYY-MM-DD)");
        if (until.isBefore(today)) throw InvalidInputException.of("until", "past", "a day from today (" + today + ") on");
        LocalDate longest = today.plus(purpose.retention().duration());
        if (until.isAfter(longest)) {
            throw InvalidInputException.of("until", "beyond-retention", "at the latest " + longest + ": the purpose '" + id + "' keeps data "
                    + purpose.retention().duration() + " (storage limitation, GDPR Art. 5(1)(e))");
        }
        UUID hold = Ids.next();
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO legal_hold (id, subject_id, purpose, reason, held_until, placed_at, placed_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(hold, subject.value(), id, why, until, utc(now), actor.id()).update();
        record(actor, purpose.id(), subject, "hold=" + hold + "; step=placed; until=" + until);
        return get(hold);
    }

    /**
     * Releases a hold before its day, with the reason (the obligation ended early, or was recorded by mistake).
     *
     * @throws InvalidInputException when the reason is missing or holds personal data, or the hold is no longer active
     * @throws NotFoundException when there is no such hold
     */
    @Transactional
    public LegalHold release(Actor actor, UUID id, @Nullable String reason) {
        LegalHold hold = get(id);
        String why = reason(reason, "reason", "say why it ends early, e.g. the audit it was kept for closed, or it was placed by mistake");
        if (!hold.activeOn(today())) throw InvalidInputException.of("hold", "not-active", "this hold was released or has ended");
        jdbc.sql("UPDATE legal_hold SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ? AND released_at IS NULL")
                .params(utc(clock.instant()), actor.id(), why, id).update();
        record(actor, hold.purpose(), hold.subject(), "hold=" + id + "; step=released");
        return get(id);
    }

    /** @throws NotFoundException when there is no such hold */
    @Transactional(readOnly = true)
    public LegalHold get(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM legal_hold WHERE id = ?").param(id).query(LegalHolds::row).optional()
                .orElseThrow(() -> new NotFoundException("legal hold", id));
    }

    /** Every hold of a person, active first, then the latest day first. */
    @Transactional(readOnly = true)
    public List<LegalHold> of(SubjectId subject) {
        LocalDate today = today();
        return jdbc.sql("SELECT " + COLUMNS + " FROM legal_hold WHERE subject_id = ? ORDER BY held_until DESC, placed_at DESC").param(subject.value())
                .query(LegalHolds::row).list().stream()
                .sorted(java.util.Comparator.comparing((LegalHold h) -> !h.activeOn(today))).toList();
    }

    /** The holds that hold on the person today. */
    @Transactional(readOnly = true)
    public List<LegalHold> active(SubjectId subject) {
        LocalDate today = today();
        return of(subject).stream().filter(h -> h.activeOn(today)).toList();
    }

    /**
     * The purposes a hold may rest on: those founded on a legal obligation, except handling the person's own
     * requests (it covers every field: a hold on it would keep the whole record through an erasure).
     */
    public List<String> obligations() {
        return dataMap.purposes().values().stream().filter(p -> p.legalBasis() == LegalBasis.LEGAL_OBLIGATION)
                .map(Purpose::id).filter(id -> !id.equals(RIGHTS_PURPOSE)).toList();
    }

    /** The purpose under which data subject requests are handled (the rights module's; named here to avoid a cycle). */
    static final String RIGHTS_PURPOSE = "data-subject-rights";

    @Override
    public java.util.Optional<String> heldBecause(SubjectId subject) {
        List<LegalHold> active = active(subject);
        if (active.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of("a legal hold requires part of this person's record to be kept (" + String.join(", ",
                active.stream().map(h -> h.purpose() + " until " + h.until()).toList()) + "): erase them through a data subject request,"
                + " which keeps that part only (GDPR Art. 17(3)(b))");
    }

    /**
     * What these holds require to be kept of the person's record: the person fields their purposes declare
     * (data map ids), in the data map's order; empty when none holds. Interactions are never kept.
     */
    public Set<String> keptFields(List<LegalHold> holds) {
        Set<String> purposes = new java.util.HashSet<>();
        for (LegalHold hold : holds) dataMap.purpose(hold.purpose()).ifPresent(p -> purposes.addAll(p.fields()));
        Set<String> kept = new LinkedHashSet<>();
        for (var field : dataMap.fieldsOf("person")) {
            if (purposes.contains(field.id())) kept.add(field.id());
        }
        return kept;
    }

    /** Once a person is gone for good, their holds have nothing left to hold: they go with them. */
    @EventListener
    void erased(SubjectErased event) {
        if (event.total()) jdbc.sql("DELETE FROM legal_hold WHERE subject_id = ?").param(event.subject().value()).update();
    }

    private String reason(@Nullable String reason, String field) {
        return reason(reason, field, "say which obligation, e.g. invoices of 2026, Code de commerce art. L123-22");
    }

    /** @param missing what to say when no reason is given */
    private String reason(@Nullable String reason, String field, String missing) {
        String text = reason == null ? "" : reason.strip();
        if (text.isEmpty()) throw InvalidInputException.of(field, "required", missing);
        if (text.length() > MAX_REASON) throw InvalidInputException.of(field, "length", "at most " + MAX_REASON + " characters");
        if (io.custodia.shared.Texts.unsafe(text) instanceof io.custodia.shared.Texts.Unsafe unsafe) throw InvalidInputException.of(field, unsafe.code(), unsafe.message());
        Set<String> found = gateway.personalDataIn(text);
        if (!found.isEmpty()) throw InvalidInputException.of(field, "personal-data", "contains personal data " + found + "; the person may read it");
        return text;
    }

    private void record(Actor actor, String purpose, SubjectId subject, String detail) {
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.LEGAL_HOLD, purpose, subject.value(), AuditOutcome.ALLOWED,
                actor.auditDetail(detail), null));
    }

    private static final String COLUMNS = "id, subject_id, purpose, reason, held_until, placed_at, placed_by, released_at, released_by, release_reason";

    private static LegalHold row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime released = rs.getObject(8, OffsetDateTime.class);
        return new LegalHold(rs.getObject(1, UUID.class), new SubjectId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getString(4),
                rs.getDate(5).toLocalDate(), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7),
                released == null ? null : released.toInstant(), rs.getString(9), rs.getString(10));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
