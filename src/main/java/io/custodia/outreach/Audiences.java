package io.custodia.outreach;

import io.custodia.access.BasisStateSource;
import io.custodia.access.PersonalDataGateway;
import io.custodia.access.SqlFragment;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.PersonService;
import io.custodia.policy.AccessPolicy;
import io.custodia.policy.PurposeRefusedException;
import org.jspecify.annotations.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Audiences: the filters a marketer chooses, and always the law on top. SQL counts, per person, the reason
 * the purpose's basis does not hold (the policy's own rules, {@link AccessPolicy#basisReasonSql}, over the
 * consent projection) or, when it holds, whether the address is on the suppression list; no personal value is
 * read or decrypted. On PostgreSQL the count visits only the persons with something recorded (see {@link
 * #countsByReason}); a campaign's outbox is written from {@link #audience}, which visits everyone the filters
 * match. The count is recorded in the audit ledger (counts only).
 */
@Service
public class Audiences {

    private final AccessPolicy policy;
    private final BasisStateSource basisStates;
    private final PersonService persons;
    private final JdbcClient jdbc;
    private final AuditLedger audit;
    private final PersonalDataGateway gateway;

    Audiences(AccessPolicy policy, BasisStateSource basisStates, PersonService persons, JdbcClient jdbc, AuditLedger audit,
            PersonalDataGateway gateway) {
        this.gateway = gateway;
        this.policy = policy;
        this.basisStates = basisStates;
        this.persons = persons;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * The purpose an audience is contacted for: granted to the actor, and not for statistics only.
     *
     * @throws PurposeRefusedException when the purpose is missing, unknown, not granted, or for statistics only
     */
    Purpose contactPurpose(Actor actor, @Nullable String purposeId) {
        try {
            Purpose purpose = policy.authorise(actor, purposeId);
            if (purpose.aggregateOnly()) {
                throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED, "The purpose '" + purpose.id()
                        + "' is for statistics only and never contacts anyone", List.of());
            }
            return purpose;
        } catch (PurposeRefusedException refused) {
            // a purpose typed by a caller enters the ledger only when it is one of the data map's
            audit.recordNow(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.DENIED,
                    purposeId != null && policy.knowsPurpose(purposeId) ? purposeId : null, null, AuditOutcome.DENIED,
                    actor.auditDetail("attempted=SEARCH; kind=audience; reason=PURPOSE_" + refused.reason().name()), null));
            throw refused;
        }
    }

    /** The purposes this actor may contact an audience for (granted, not for statistics only). */
    List<String> contactPurposes(Actor actor) {
        return policy.purposesOf(actor).stream().filter(p -> !p.aggregateOnly()).map(Purpose::id).toList();
    }

    /**
     * Every person the filters match, with {@code reason}: why the law removes them for the purpose, or
     * {@code ELIGIBLE}. Columns {@code subject_id, reason}.
     */
    SqlFragment audience(Purpose purpose, AudienceFilter filter) {
        SqlFragment conditions = conditions(filter);
        BasisStateSource.ManyJoin basis = basisStates.joinForMany("p.subject_id", "b");
        // the projection hash-joined on its key; the (short) suppression list looks each of its digests up in the email index
        String reason = "COALESCE(" + policy.basisReasonSql(purpose, basis.status(), basis.restricted(), basis.optedOut())
                + ", CASE WHEN sup.subject_id IS NOT NULL THEN 'SUPPRESSED' ELSE 'ELIGIBLE' END)";
        String sql = "SELECT p.subject_id, " + reason + " AS reason FROM person p" + basis.sql()
                + " LEFT JOIN (" + gateway.personsWithEmailDigestIn("suppression", "email_digest") + ") sup ON sup.subject_id = p.subject_id"
                + " WHERE " + conditions.sql();
        Map<String, Object> params = new LinkedHashMap<>(conditions.params());
        params.put("basis_purpose", purpose.id());
        return new SqlFragment(sql, params);
    }

    /** The filters as a condition on {@code person p}. */
    private SqlFragment conditions(AudienceFilter filter) {
        SqlFragment conditions = persons.audienceConditions(filter.stages(), filter.organisation(), filter.lastContactAfter(),
                filter.lastContactBefore());
        conditions = and(conditions, filter.languages(), "person.language", "f_languages");
        conditions = and(conditions, filter.jurisdictions().stream().map(Enum::name).toList(), "person.jurisdiction", "f_jurisdictions");
        return and(conditions, filter.tags(), "person.tags", "f_tags");
    }

    /** The reason a person with no recorded state, restriction, opt-out or suppressed address has: a marker row's name. */
    private static final String NONE = "#none:";
    /** The marker row counting every person the filters match. */
    private static final String ALL = "#all";

    /**
     * The audience's counts by reason, on PostgreSQL, without visiting everyone: only the persons with a state
     * recorded for the purpose, a restriction, an opt-out of sale or a suppressed address are looked at (the
     * projection's rows and the suppressed persons, full-joined on their key), counted by the same rules as
     * {@link #audience}; everyone else the filters match has none of these, so they all share the reason the rules
     * give a person with no state, and are counted as the rest ({@value #ALL} minus those). Rows: {@code reason, n},
     * plus the markers {@value #ALL} and {@value #NONE}{@code <reason>}.
     */
    SqlFragment countsByReason(Purpose purpose, AudienceFilter filter) {
        SqlFragment conditions = conditions(filter);
        String probe = policy.basisReasonSql(purpose, "status", "restricted_probe", "opted_out_probe");
        BasisStateSource.Touched touched = basisStates.touched(probe.contains("restricted_probe"), probe.contains("opted_out_probe"));
        String subject = "COALESCE(" + touched.subject() + ", sup.subject_id)";
        String reason = "COALESCE(" + policy.basisReasonSql(purpose, touched.status(), touched.restricted(), touched.optedOut())
                + ", CASE WHEN sup.subject_id IS NOT NULL THEN 'SUPPRESSED' ELSE 'ELIGIBLE' END)";
        // without filters every state row is a stored person's (an erasure deletes them with the person): no need to look them up
        boolean filtered = !conditions.sql().equals("1 = 1");
        String noState = "CAST(NULL AS TIMESTAMP WITH TIME ZONE)";
        String sql = "SELECT reason, COUNT(*) AS n FROM (SELECT " + reason + " AS reason FROM " + touched.sql()
                + " FULL JOIN (" + gateway.personsWithEmailDigestIn("suppression", "email_digest") + ") sup ON sup.subject_id = " + touched.subject()
                + (filtered ? " WHERE EXISTS (SELECT 1 FROM person p WHERE p.subject_id = " + subject + " AND " + conditions.sql() + ")" : "")
                + ") touched GROUP BY reason"
                + " UNION ALL SELECT '" + ALL + "', COUNT(*) FROM person p WHERE " + conditions.sql()
                + " UNION ALL SELECT '" + NONE + "' || COALESCE(" + policy.basisReasonSql(purpose, "CAST(NULL AS VARCHAR(24))", noState, noState)
                + ", 'ELIGIBLE'), 0";
        Map<String, Object> params = new LinkedHashMap<>(conditions.params());
        params.put("basis_purpose", purpose.id());
        return new SqlFragment(sql, params);
    }

    private SqlFragment and(SqlFragment conditions, java.util.Collection<String> values, String fieldId, String param) {
        if (values.isEmpty()) return conditions;
        SqlFragment has = gateway.hasAnyOf("p.subject_id", fieldId, values, param);
        Map<String, Object> params = new LinkedHashMap<>(conditions.params());
        params.putAll(has.params());
        return new SqlFragment(conditions.sql() + " AND " + has.sql(), params);
    }

    /**
     * Selecting people by a field uses that field for the purpose: only a field the purpose covers may be a
     * filter (GDPR Art. 5(1)(b)-(c)). A refusal is recorded in the ledger.
     *
     * @throws InvalidInputException naming each filter the purpose does not cover
     */
    void requireCovered(Actor actor, Purpose purpose, AudienceFilter filter) {
        Map<String, String> used = new LinkedHashMap<>();
        if (filter.organisation() != null) used.put("organisationId", "person.organisation");
        if (!filter.languages().isEmpty()) used.put("languages", "person.language");
        if (!filter.jurisdictions().isEmpty()) used.put("jurisdictions", "person.jurisdiction");
        if (!filter.tags().isEmpty()) used.put("tags", "person.tags");
        List<InvalidInputException.FieldError> errors = new java.util.ArrayList<>();
        used.forEach((key, field) -> {
            if (!purpose.covers(field)) {
                errors.add(new InvalidInputException.FieldError(key, "outside-purpose", "the purpose '" + purpose.id() + "' does not cover "
                        + field + ", so it may not select people by it", 0));
            }
        });
        if (errors.isEmpty()) return;
        // kept whatever becomes of the caller's transaction (a campaign being written rolls back)
        audit.recordNow(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.SEARCH, purpose.id(), null, AuditOutcome.DENIED,
                actor.auditDetail("kind=audience; reason=filter outside purpose: "
                        + errors.stream().map(InvalidInputException.FieldError::field).toList()), null));
        throw new InvalidInputException(errors);
    }

    /** How many persons the filters match, by reason (and {@code ELIGIBLE}); reasons with no one are left out. */
    Map<String, Long> counts(Purpose purpose, AudienceFilter filter) {
        Map<String, Long> byReason = new TreeMap<>();
        if (!gateway.onPostgres()) {
            // H2 has no full join: every matched person is visited
            SqlFragment audience = audience(purpose, filter);
            jdbc.sql("SELECT reason, COUNT(*) FROM (" + audience.sql() + ") audience GROUP BY reason").params(audience.params())
                    .query(rs -> {
                        byReason.put(rs.getString(1), rs.getLong(2));
                    });
            return byReason;
        }
        SqlFragment counts = countsByReason(purpose, filter);
        long[] all = {0};
        String[] none = {"ELIGIBLE"};
        jdbc.sql(counts.sql()).params(counts.params()).query(rs -> {
            String reason = rs.getString(1);
            if (reason.equals(ALL)) {
                all[0] = rs.getLong(2);
            } else if (reason.startsWith(NONE)) {
                none[0] = reason.substring(NONE.length());
            } else {
                byReason.put(reason, rs.getLong(2));
            }
        });
        long rest = all[0] - byReason.values().stream().mapToLong(Long::longValue).sum();
        if (rest > 0) byReason.merge(none[0], rest, Long::sum);
        return byReason;
    }

    /**
     * Counts the audience and what the law removes from it.
     *
     * @throws PurposeRefusedException when the purpose is missing, unknown, not granted, or for statistics only
     */
    @Transactional(readOnly = true)
    public AudienceCounts preview(Actor actor, AudienceFilter filter) {
        Purpose purpose = contactPurpose(actor, filter.purpose());
        requireCovered(actor, purpose, filter);
        Map<String, Long> byReason = counts(purpose, filter);
        long eligible = byReason.getOrDefault("ELIGIBLE", 0L);
        byReason.remove("ELIGIBLE");
        long matched = eligible + byReason.values().stream().mapToLong(Long::longValue).sum();
        AudienceCounts counts = new AudienceCounts(purpose.id(), matched, eligible, byReason);
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.SEARCH, purpose.id(), null, AuditOutcome.ALLOWED,
                actor.auditDetail("kind=audience; results=" + matched
                        + "; eligible=" + eligible), null));
        return counts;
    }
}
