package io.custodia.consent;

import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.crypto.EvidenceDigests;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.InvalidInputException;
import io.custodia.people.PersonService;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consent ledger: every choice a person makes about their data, appended and never rewritten, with
 * the projection the policy reads updated in the same transaction (so a withdrawal holds from the next
 * read on) and an entry in the audit ledger (invariant 8).
 *
 * <p>Who may record what: withdrawing a consent and objecting are open to every staff member and token
 * (GDPR Art. 7(3): as easy as giving; Art. 21: a person may object through anyone); giving or refusing a
 * consent takes a role granted the purpose, or the DPO; restricting processing, lifting a restriction and
 * lifting an objection (compelling legitimate grounds, Art. 21(1)) are the DPO's.
 */
@Service
public class ConsentLedger {

    /** The purpose under which the projection keeps a person's restriction: it applies to every purpose. */
    static final String EVERY_PURPOSE = "*";
    /** The projection's row for an opt-out of sale and sharing (CCPA): not a purpose of the data map. */
    static final String SALE_AND_SHARING = "!sale";
    /** Under this pseudo-purpose, the projection holds since when the person limited the use of sensitive personal information. */
    static final String SENSITIVE_LIMITED = "!sensitive";
    static final int MAX_FORM_ID = 64;
    static final int MAX_USER_AGENT = 256;

    private final JdbcClient jdbc;
    private final DataMap dataMap;
    private final PrivacyNotices notices;
    private final AuditLedger audit;
    private final EvidenceDigests keyedHash;
    private final PersonService persons;
    private final Clock clock;
    private final io.custodia.policy.AccessPolicy policy;
    private final org.springframework.beans.factory.ObjectProvider<io.custodia.shared.RestrictionGuard> guards;

    ConsentLedger(JdbcClient jdbc, DataMap dataMap, PrivacyNotices notices, AuditLedger audit, EvidenceDigests keyedHash,
            PersonService persons, Clock clock, io.custodia.policy.AccessPolicy policy,
            org.springframework.beans.factory.ObjectProvider<io.custodia.shared.RestrictionGuard> guards) {
        this.guards = guards;
        this.policy = policy;
        this.jdbc = jdbc;
        this.dataMap = dataMap;
        this.notices = notices;
        this.audit = audit;
        this.keyedHash = keyedHash;
        this.persons = persons;
        this.clock = clock;
    }

    /**
     * Records a choice and applies it at once. An objection to a direct-marketing purpose applies to every
     * direct-marketing purpose (GDPR Art. 21(3)), so it records one event per such purpose.
     *
     * @return the events appended, in order
     * @throws InvalidInputException naming the field when the choice does not fit the data map
     * @throws AccessDeniedException when the actor may not record this kind of choice
     * @return the events recorded; none for a restriction or an objection already on record
     * @throws io.custodia.people.NotFoundException when the person does not exist
     */
    @Transactional
    public List<ChoiceEvent> record(Actor actor, Choice choice) {
        Purpose purpose = validate(choice);
        persons.requireExists(choice.subject());
        Refusal refusal = refusal(actor, choice, purpose);
        if (refusal != null) {
            denied(actor, choice.subject(), purpose == null ? null : purpose.id(),
                    "attempted=" + action(choice.kind()).name() + "; kind=" + choice.kind().name() + "; reason=" + refusal.code());
            throw new AccessDeniedException(refusal.message());
        }
        if (choice.kind() == ChoiceKind.RESTRICTION_LIFTED) {
            for (io.custodia.shared.RestrictionGuard guard : guards) {
                guard.lockedBecause(choice.subject()).ifPresent(why -> {
                    throw InvalidInputException.of("kind", "restriction-locked", why);
                });
            }
        }
        // one person's choices are recorded one after the other: the projection is rewritten from the history
        persons.lock(choice.subject());
        if (choice.kind() == ChoiceKind.OBJECTION_LIFTED || choice.kind() == ChoiceKind.RESTRICTION_LIFTED) {
            // a lift records that something ended: with nothing on record, it would say what never happened
            ConsentProjection now = ConsentProjection.fold(history(choice.subject()));
            if (choice.kind() == ChoiceKind.OBJECTION_LIFTED && purpose != null && !now.objected().containsKey(purpose.id())) {
                throw new io.custodia.people.ConflictException("purpose", "no-objection", "the person has no objection to '" + purpose.id()
                        + "' on record: there is nothing to lift");
            }
            if (choice.kind() == ChoiceKind.RESTRICTION_LIFTED && now.restricted() == null) {
                throw new io.custodia.people.ConflictException("kind", "not-restricted", "the person's processing is not restricted: there is"
                        + " nothing to lift");
            }
        }
        if (alreadyOnRecord(choice, purpose)) return List.of();
        Instant at = clock.instant();
        List<ChoiceEvent> events = new ArrayList<>();
        if (purpose != null && !choice.kind().consent() && purpose.directMarketing()) {
            // an objection to direct marketing covers every direct-marketing purpose (Art. 21(3))
            for (Purpose p : dataMap.purposes().values()) {
                if (p.directMarketing()) events.add(append(actor, choice, p, at));
            }
        } else {
            events.add(append(actor, choice, purpose, at));
        }
        storeProjection(choice.subject(), ConsentProjection.fold(history(choice.subject())));
        return events;
    }

    /**
     * A restriction or an objection that already holds changes nothing when asked again: nothing is recorded (no
     * second event saying the same), and the caller says so (an API's repeat answers 200, not 201).
     */
    private boolean alreadyOnRecord(Choice choice, @Nullable Purpose purpose) {
        if (choice.kind() != ChoiceKind.RESTRICTED && choice.kind() != ChoiceKind.OBJECTED) return false;
        ConsentProjection now = ConsentProjection.fold(history(choice.subject()));
        if (choice.kind() == ChoiceKind.RESTRICTED) return now.restricted() != null;
        if (purpose == null) return false;
        // an objection to direct marketing covers all of them: on record only when it holds for every one
        return purpose.directMarketing()
                ? dataMap.purposes().values().stream().filter(Purpose::directMarketing).allMatch(p -> now.objected().containsKey(p.id()))
                : now.objected().containsKey(purpose.id());
    }

    /**
     * Withdraws the person's consent to a purpose on every channel where it is given (one click in the
     * preference centre withdraws it all, GDPR Art. 7(3)); on email when none is.
     */
    @Transactional
    public List<ChoiceEvent> withdrawEverywhere(Actor actor, SubjectId subject, String purpose, ChoiceSource source, @Nullable String userAgent,
            @Nullable String ipAddress) {
        persons.lock(subject);
        List<Channel> giving = state(subject).stream().filter(s -> s.purpose().equals(purpose))
                .flatMap(s -> s.channels().entrySet().stream()).filter(e -> e.getValue().status().givesConsent()).map(Map.Entry::getKey).toList();
        List<ChoiceEvent> events = new ArrayList<>();
        for (Channel channel : giving.isEmpty() ? List.of(Channel.EMAIL) : giving) {
            events.addAll(record(actor, new Choice(subject, ChoiceKind.WITHDRAWN, purpose, channel, source, null, null, null, userAgent, ipAddress)));
        }
        return events;
    }

    /**
     * Records, before it happens, that an actor reads a person's choices (consent history, receipts) for a
     * purpose their roles grant: choices are personal data too (invariants 3 and 8).
     *
     * @throws io.custodia.policy.PurposeRefusedException when the purpose is missing, unknown or not granted
     */
    public void auditRead(Actor actor, @Nullable String purposeId, SubjectId subject, String record) {
        Purpose purpose;
        try {
            purpose = policy.authorise(actor, purposeId);
        } catch (io.custodia.policy.PurposeRefusedException refused) {
            audit.recordNow(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.DENIED, null, subject.value(), AuditOutcome.DENIED,
                    "attempted=READ; record=" + record + "; reason=PURPOSE_" + refused.reason().name(), null));
            throw refused;
        }
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.READ, purpose.id(), subject.value(), AuditOutcome.ALLOWED,
                actor.auditDetail("record=" + record), null));
    }

    /** The person themself reading their own choices in the privacy centre (a consent receipt): recorded as their read. */
    void auditOwnRead(SubjectId subject, String record) {
        Actor self = DoubleOptIn.subjectActor(subject);
        audit.record(new AuditEvent(self.kind().name(), self.id(), AuditAction.READ, DoubleOptIn.PURPOSE, subject.value(), AuditOutcome.ALLOWED,
                "record=" + record, null));
    }

    /** The person's choices, oldest first. */
    @Transactional(readOnly = true)
    public List<ChoiceEvent> history(SubjectId subject) {
        return jdbc.sql("SELECT id, subject_id, kind, purpose, channel, at, notice_version, notice_language, notice_sha256, source,"
                + " actor_kind, actor_id, form_id, user_agent, ip_digest FROM consent_event WHERE subject_id = ? ORDER BY at, id")
                .param(subject.value()).query(ConsentLedger::event).list();
    }

    /** Where the person stands for every purpose of the data map, in register order. */
    @Transactional(readOnly = true)
    public List<PurposeState> state(SubjectId subject) {
        Map<String, Map<Channel, PurposeState.ChannelState>> channels = new LinkedHashMap<>();
        jdbc.sql("SELECT purpose, channel, status, since FROM consent_channel WHERE subject_id = ?").param(subject.value()).query(rs -> {
            channels.computeIfAbsent(rs.getString(1), p -> new EnumMap<>(Channel.class)).put(Channel.valueOf(rs.getString(2)),
                    new PurposeState.ChannelState(ChoiceKind.valueOf(rs.getString(3)), instant(rs, 4)));
        });
        Map<String, Object[]> basis = new LinkedHashMap<>();
        jdbc.sql("SELECT purpose, status, since FROM basis_state WHERE subject_id = ?").param(subject.value())
                .query(rs -> {
                    basis.put(rs.getString(1), new Object[] {rs.getString(2), instant(rs, 3)});
                });
        List<PurposeState> states = new ArrayList<>();
        for (Purpose purpose : dataMap.purposes().values()) {
            Object[] b = basis.get(purpose.id());
            states.add(new PurposeState(purpose.id(), b == null ? null : (String) b[0], b == null ? null : (Instant) b[1],
                    channels.getOrDefault(purpose.id(), Map.of())));
        }
        return states;
    }

    /** When processing of the person was restricted (GDPR Art. 18), or null. */
    @Transactional(readOnly = true)
    public @Nullable Instant restrictedSince(SubjectId subject) {
        return jdbc.sql("SELECT since FROM basis_state WHERE subject_id = ? AND purpose = ?").params(subject.value(), EVERY_PURPOSE)
                .query((rs, n) -> instant(rs, 1)).optional().orElse(null);
    }

    /** Since when the person has opted out of the sale and sharing of their data (CCPA §7026, e.g. by GPC), or null. */
    @Transactional(readOnly = true)
    public @Nullable Instant optedOutOfSaleSince(SubjectId subject) {
        return jdbc.sql("SELECT since FROM basis_state WHERE subject_id = ? AND purpose = ?").params(subject.value(), SALE_AND_SHARING)
                .query((rs, n) -> instant(rs, 1)).optional().orElse(null);
    }

    /** Since when the person has limited the use of their sensitive personal information (CCPA §7027), or null. */
    @Transactional(readOnly = true)
    public @Nullable Instant limitedSensitiveSince(SubjectId subject) {
        return jdbc.sql("SELECT since FROM basis_state WHERE subject_id = ? AND purpose = ?").params(subject.value(), SENSITIVE_LIMITED)
                .query((rs, n) -> instant(rs, 1)).optional().orElse(null);
    }

    /** An erased person has nothing left here either (invariant 6): their choices go with them, in the erasure's transaction. */
    @EventListener
    void erased(SubjectErased event) {
        jdbc.sql("DELETE FROM basis_state WHERE subject_id = ?").param(event.subject().value()).update();
        jdbc.sql("DELETE FROM consent_channel WHERE subject_id = ?").param(event.subject().value()).update();
        jdbc.sql("DELETE FROM consent_event WHERE subject_id = ?").param(event.subject().value()).update();
    }

    // ------------------------------------------------------------------ rules

    private @Nullable Purpose validate(Choice choice) {
        ChoiceKind kind = choice.kind();
        boolean everyPurpose = kind == ChoiceKind.RESTRICTED || kind == ChoiceKind.RESTRICTION_LIFTED || kind == ChoiceKind.OPTED_OUT_OF_SALE
                || kind == ChoiceKind.LIMITED_SENSITIVE;
        if (everyPurpose) {
            String what = switch (kind) {
                case OPTED_OUT_OF_SALE -> "an opt-out of sale and sharing";
                case LIMITED_SENSITIVE -> "a limit on the use of sensitive personal information";
                default -> "a restriction (GDPR Art. 18)";
            };
            if (choice.purpose() != null) {
                throw InvalidInputException.of("purpose", "not-allowed", what + " covers every purpose: send no purpose");
            }
            if (choice.channel() != null) throw InvalidInputException.of("channel", "not-allowed", what + " has no channel");
            return null;
        }
        if (choice.purpose() == null || choice.purpose().isBlank()) {
            throw InvalidInputException.of("purpose", "required", "name the purpose; the data map declares " + dataMap.purposes().keySet());
        }
        Purpose purpose = dataMap.purpose(choice.purpose()).orElseThrow(() -> InvalidInputException.of("purpose", "unknown",
                "unknown purpose; the data map declares " + dataMap.purposes().keySet()));
        if (kind.consent()) {
            if (purpose.legalBasis() != LegalBasis.CONSENT) {
                throw InvalidInputException.of("purpose", "not-consent-based", "the purpose '" + purpose.id() + "' rests on "
                        + purpose.legalBasis().key() + ", not on consent; consent purposes: " + consentPurposes());
            }
            if (choice.channel() == null) {
                throw InvalidInputException.of("channel", "required", "consent is given per channel: one of " + List.of(Channel.values()));
            }
        } else {
            if (purpose.legalBasis() != LegalBasis.LEGITIMATE_INTEREST && !purpose.directMarketing()) {
                throw InvalidInputException.of("purpose", "no-objection", "the purpose '" + purpose.id() + "' rests on "
                        + purpose.legalBasis().key() + ": GDPR Art. 21 gives a right to object only to legitimate-interest and"
                        + " direct-marketing purposes (for consent purposes, withdraw the consent)");
            }
            if (choice.channel() != null) throw InvalidInputException.of("channel", "not-allowed", "an objection covers every channel");
        }
        if (choice.noticeLanguage() != null && !PrivacyNotices.LANGUAGES.contains(choice.noticeLanguage())) {
            throw InvalidInputException.of("noticeLanguage", "unknown", "the notice exists in " + PrivacyNotices.LANGUAGES);
        }
        if (choice.formId() != null && (choice.formId().isBlank() || choice.formId().length() > MAX_FORM_ID)) {
            throw InvalidInputException.of("formId", "length", "a form id has 1 to " + MAX_FORM_ID + " characters");
        }
        return purpose;
    }

    private List<String> consentPurposes() {
        return dataMap.purposes().values().stream().filter(p -> p.legalBasis() == LegalBasis.CONSENT).map(Purpose::id).toList();
    }

    /** Why an actor may not record a choice: a code for the ledger and a sentence for them. */
    private record Refusal(String code, String message) {
    }

    /** Null when the actor may record this choice. */
    private static @Nullable Refusal refusal(Actor actor, Choice choice, @Nullable Purpose purpose) {
        if (actor.kind() == Actor.Kind.SUBJECT) {
            // the person themself, through the privacy centre: their own choices, never a restriction (a rights request)
            if (!actor.id().equals(choice.subject().value().toString())) {
                return new Refusal("NOT_OWN_RECORD", "a person records their own choices only");
            }
            if (choice.kind() == ChoiceKind.RESTRICTED || choice.kind() == ChoiceKind.RESTRICTION_LIFTED || choice.kind() == ChoiceKind.EXPIRED
                    || choice.kind() == ChoiceKind.RENEWAL_NEEDED) {
                return new Refusal("RIGHTS_REQUEST_NEEDED", "a restriction is asked for through a data subject request");
            }
            return null;
        }
        boolean dpo = actor.roles().contains(Role.DPO);
        return switch (choice.kind()) {
            // open to everyone acting for the controller: withdrawing and objecting must be easy
            case WITHDRAWN, OBJECTED, OPTED_OUT_OF_SALE, LIMITED_SENSITIVE -> null;
            case GIVEN, RENEWED, REFUSED, EXPIRED, REQUESTED, RENEWAL_NEEDED -> !dpo && (purpose == null || !purpose.grantedToAny(actor.roles()))
                    ? new Refusal("ROLE", "recording a consent for '" + (purpose == null ? "?" : purpose.id())
                            + "' takes a role granted that purpose, or the DPO")
                    : null;
            case OBJECTION_LIFTED -> purpose != null && purpose.directMarketing()
                    ? new Refusal("ABSOLUTE_OBJECTION", "an objection to direct marketing is absolute (GDPR Art. 21(3)): only the person can lift it,"
                            + " from their preference centre")
                    : !dpo ? new Refusal("ROLE", "lifting an objection, on compelling legitimate grounds (GDPR Art. 21(1)), is the DPO's") : null;
            case RESTRICTED, RESTRICTION_LIFTED -> !dpo ? new Refusal("ROLE", "restricting processing and lifting a restriction are the DPO's") : null;
        };
    }

    /** The ledger's action for a kind of choice. */
    private static AuditAction action(ChoiceKind kind) {
        return kind.consent() ? AuditAction.CONSENT
                : kind == ChoiceKind.RESTRICTED || kind == ChoiceKind.RESTRICTION_LIFTED ? AuditAction.RESTRICTION
                : AuditAction.OBJECTION;
    }

    /**
     * A refusal to record or to ask for a choice (GDPR Art. 5(2): refusals are evidence too), kept whatever becomes of the
     * caller's transaction: codes and ids only.
     */
    void denied(Actor actor, SubjectId subject, @Nullable String purpose, String detail) {
        audit.recordNow(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.DENIED, purpose, subject.value(), AuditOutcome.DENIED,
                actor.auditDetail(detail), null));
    }

    // ------------------------------------------------------------------ storage

    private ChoiceEvent append(Actor actor, Choice choice, @Nullable Purpose purpose, Instant at) {
        Integer noticeVersion = null;
        String noticeLanguage = null;
        String noticeSha = null;
        if (choice.kind().givesConsent() || choice.kind() == ChoiceKind.REQUESTED) {
            String language = choice.noticeLanguage() == null ? "en" : choice.noticeLanguage();
            PrivacyNotice notice = choice.noticeVersion() == null ? notices.current(language)
                    : notices.version(choice.noticeVersion(), language).orElseGet(() -> notices.current(language));
            noticeVersion = notice.version();
            noticeLanguage = notice.language();
            noticeSha = notice.sha256();
        }
        String userAgent = choice.userAgent() == null || choice.userAgent().isBlank() ? null
                : choice.userAgent().length() > MAX_USER_AGENT ? choice.userAgent().substring(0, MAX_USER_AGENT) : choice.userAgent();
        String ipDigest = choice.ipAddress() == null || choice.ipAddress().isBlank() ? null : keyedHash.ipAddress(choice.ipAddress());
        UUID id = Ids.next();
        jdbc.sql("INSERT INTO consent_event (id, subject_id, purpose, channel, kind, at, notice_version, notice_language, notice_sha256,"
                + " source, actor_kind, actor_id, form_id, user_agent, ip_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, choice.subject().value(), purpose == null ? null : purpose.id(), choice.channel() == null ? null : choice.channel().name(),
                        choice.kind().name(), utc(at), noticeVersion, noticeLanguage, noticeSha, choice.source().name(), actor.kind().name(),
                        actor.id(), choice.formId(), userAgent, ipDigest)
                .update();
        AuditAction action = action(choice.kind());
        // a person acting through the privacy centre records themself as the actor: no staff account behind it
        StringBuilder detail = new StringBuilder("kind=").append(choice.kind().name()).append(";source=").append(choice.source().name());
        if (choice.channel() != null) detail.append(";channel=").append(choice.channel().name());
        if (noticeVersion != null) detail.append(";notice=").append(noticeVersion).append('/').append(noticeLanguage);
        if (!actor.auditAccount().isEmpty()) detail.insert(0, actor.auditAccount() + ";");
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), action, purpose == null ? null : purpose.id(), choice.subject().value(),
                AuditOutcome.ALLOWED, detail.toString(), null));
        return new ChoiceEvent(id, choice.subject().value(), choice.kind(), purpose == null ? null : purpose.id(), choice.channel(), at,
                noticeVersion, noticeLanguage, noticeSha, choice.source(), actor.kind().name(), actor.id(), choice.formId(), userAgent,
                ipDigest != null);
    }

    /**
     * Rewrites the person's projection from the fold of their whole history (a person makes few choices):
     * the consent status per channel, and per purpose the state the gateway reads, under {@code *} a
     * restriction.
     */
    private void storeProjection(SubjectId subject, ConsentProjection projection) {
        jdbc.sql("DELETE FROM consent_channel WHERE subject_id = ?").param(subject.value()).update();
        jdbc.sql("DELETE FROM basis_state WHERE subject_id = ?").param(subject.value()).update();
        projection.channels().forEach((purpose, channels) -> channels.forEach((channel, state) -> jdbc.sql(
                "INSERT INTO consent_channel (subject_id, purpose, channel, status, since) VALUES (?, ?, ?, ?, ?)")
                .params(subject.value(), purpose, channel.name(), state.status().name(), utc(state.since())).update()));
        for (String purpose : projection.purposes()) {
            var state = projection.stateFor(purpose);
            if (state.status() != null) {
                jdbc.sql("INSERT INTO basis_state (subject_id, purpose, status, since) VALUES (?, ?, ?, ?)")
                        .params(subject.value(), purpose, state.status(), utc(state.since())).update();
            }
        }
        if (projection.restricted() != null) {
            jdbc.sql("INSERT INTO basis_state (subject_id, purpose, status, since) VALUES (?, ?, ?, ?)")
                    .params(subject.value(), EVERY_PURPOSE, "RESTRICTED", utc(projection.restricted())).update();
        }
        if (projection.optedOutOfSale() != null) {
            jdbc.sql("INSERT INTO basis_state (subject_id, purpose, status, since) VALUES (?, ?, ?, ?)")
                    .params(subject.value(), SALE_AND_SHARING, "OPTED_OUT", utc(projection.optedOutOfSale())).update();
        }
        if (projection.limitedSensitive() != null) {
            jdbc.sql("INSERT INTO basis_state (subject_id, purpose, status, since) VALUES (?, ?, ?, ?)")
                    .params(subject.value(), SENSITIVE_LIMITED, "LIMITED", utc(projection.limitedSensitive())).update();
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static ChoiceEvent event(ResultSet rs, int n) throws SQLException {
        String purpose = rs.getString(4);
        String channel = rs.getString(5);
        int version = rs.getInt(7);
        Integer noticeVersion = rs.wasNull() ? null : version;
        return new ChoiceEvent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), ChoiceKind.valueOf(rs.getString(3)), purpose,
                channel == null ? null : Channel.valueOf(channel), instant(rs, 6), noticeVersion, rs.getString(8), rs.getString(9),
                ChoiceSource.valueOf(rs.getString(10)), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15) != null);
    }
}
