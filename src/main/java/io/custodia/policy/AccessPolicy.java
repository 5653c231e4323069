package io.custodia.policy;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.FieldDefinition;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The policy decision point. Pure and fast: reads only the data map, and for one person's legal basis the
 * consent state the gateway read with their row ({@link #decideBasis}).
 */
@Service
public class AccessPolicy {

    private final DataMap dataMap;
    /** The data map is immutable, so what it grants a set of roles, and what a purpose reads, never change. */
    private final java.util.concurrent.ConcurrentMap<Set<io.custodia.identity.Role>, List<Purpose>> grants =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, Decision> reads = new java.util.concurrent.ConcurrentHashMap<>();

    public AccessPolicy(DataMap dataMap) {
        this.dataMap = dataMap;
    }

    /** Whether the data map declares a purpose with this id. */
    public boolean knowsPurpose(String purposeId) {
        return dataMap.purpose(purposeId).isPresent();
    }

    /** The purposes this actor's roles grant, in register order. */
    public List<Purpose> purposesOf(Actor actor) {
        if (actor.kind() == Actor.Kind.SUBJECT) {
            return dataMap.purposes().values().stream().filter(Purpose::selfService).toList();
        }
        return grants.computeIfAbsent(actor.roles(), dataMap::purposesFor);
    }

    /** Staff and tokens use what their roles grant; a person acting themself, only self-service purposes. */
    private static boolean granted(Purpose purpose, Actor actor) {
        return actor.kind() == Actor.Kind.SUBJECT ? purpose.selfService() : purpose.grantedToAny(actor.roles());
    }

    /**
     * Resolves a declared purpose for an actor.
     *
     * @throws PurposeRefusedException when the purpose is missing, unknown or not granted
     */
    public Purpose authorise(Actor actor, @Nullable String purposeId) {
        if (purposeId != null) {
            Purpose granted = dataMap.purposes().get(purposeId);
            if (granted != null && granted(granted, actor)) {
                return granted;
            }
        }
        List<String> allowed = purposesOf(actor).stream().map(Purpose::id).toList();
        if (purposeId == null || purposeId.isBlank()) {
            throw new PurposeRefusedException(PurposeRefusedException.Reason.MISSING,
                    "Every use of personal data names its purpose; allowed for you: " + allowed, allowed);
        }
        Purpose purpose = dataMap.purpose(purposeId).orElseThrow(() -> new PurposeRefusedException(
                PurposeRefusedException.Reason.UNKNOWN,
                "Unknown purpose '" + abbreviate(purposeId) + "'; allowed for you: " + allowed, allowed));
        if (!granted(purpose, actor)) {
            throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED,
                    "Your roles do not grant the purpose '" + purposeId + "'; allowed for you: " + allowed, allowed);
        }
        return purpose;
    }

    /**
     * What a read of one kind of record (e.g. {@code person}) may return for this purpose.
     *
     * @throws PurposeRefusedException also when the purpose is aggregate-only: it never reads one person
     */
    public Decision decideRead(Actor actor, @Nullable String purposeId, String record) {
        Purpose purpose = authorise(actor, purposeId);
        if (purpose.aggregateOnly()) {
            throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED, "The purpose '" + purpose.id()
                    + "' allows statistics over many persons only, never reading one person (GDPR Art. 5(1)(b))",
                    purposesOf(actor).stream().filter(p -> !p.aggregateOnly()).map(Purpose::id).toList());
        }
        return reads.computeIfAbsent(purpose.id() + "|" + record, key -> {
            Set<String> permitted = new LinkedHashSet<>();
            Set<String> withheld = new LinkedHashSet<>();
            for (FieldDefinition field : dataMap.fieldsOf(record)) {
                (purpose.covers(field.id()) ? permitted : withheld).add(field.id());
            }
            return new Decision(purpose, permitted, withheld);
        });
    }

    /**
     * Whether the purpose's legal basis holds for one person now (invariant 4; GDPR Art. 6(1), 7(3), 18, 21).
     * Pure and allocation-free when it holds:
     * <ul>
     * <li>a restricted person (Art. 18(1)): nothing but storage, so every purpose is refused except those
     *     founded on a legal obligation (Art. 18(2): answering the person's own requests, legal archiving);</li>
     * <li>an objection (Art. 21) voids a legitimate-interest purpose at once, and a direct-marketing purpose
     *     whatever its basis (Art. 21(3): absolute);</li>
     * <li>a consent purpose needs the person's consent given and not since withdrawn, refused or expired
     *     (Art. 6(1)(a), 7(3));</li>
     * <li>a purpose that sells or shares personal information is refused for a person who opted out of it
 *     (CCPA §1798.120, §7025-7026: a Global Privacy Control signal counts);</li>
 * <li>contract, legal obligation, vital and public interest hold without a per-person state.</li>
     * </ul>
     *
     * @return null when the basis holds, else why not
     */
    public @Nullable BasisRefusal decideBasis(Purpose purpose, BasisState state) {
        if (state.restrictedSince() != null && purpose.legalBasis() != LegalBasis.LEGAL_OBLIGATION) {
            return new BasisRefusal("RESTRICTED", purpose.id(), state.restrictedSince(), "processing of this person is restricted since "
                    + day(state.restrictedSince()) + " (GDPR Art. 18): only storage, and purposes founded on a legal obligation, are allowed");
        }
        if (state.optedOutOfSaleSince() != null && purpose.saleOrSharing()) {
            return new BasisRefusal("OPTED_OUT_OF_SALE", purpose.id(), state.optedOutOfSaleSince(), "the person opted out of the sale and"
                    + " sharing of their personal information on " + day(state.optedOutOfSaleSince()) + " (CCPA §1798.120); "
                    + purpose.id() + " sells or shares it");
        }
        String status = state.status();
        if ("OBJECTED".equals(status) && (purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || purpose.directMarketing())) {
            return new BasisRefusal("OBJECTED", purpose.id(), state.since(), "the person objected to " + purpose.id() + " on "
                    + day(state.since()) + " (GDPR Art. 21" + (purpose.directMarketing() ? "(3): absolute for direct marketing)" : ")"));
        }
        if (purpose.legalBasis() != LegalBasis.CONSENT || "CONSENT_GIVEN".equals(status)) {
            return null;
        }
        if (status == null || "OBJECTED".equals(status)) {
            return new BasisRefusal("CONSENT_MISSING", purpose.id(), null, "no consent for " + purpose.id()
                    + " has been given (GDPR Art. 6(1)(a))");
        }
        String what = switch (status) {
            case "CONSENT_WITHDRAWN" -> "withdrawn";
            case "CONSENT_REFUSED" -> "refused";
            case "CONSENT_EXPIRED" -> "expired";
            case "CONSENT_RENEWAL_NEEDED" -> "awaits renewal: the purpose changed";
            default -> "not valid (" + status + ")";
        };
        return new BasisRefusal(status, purpose.id(), state.since(), "consent for " + purpose.id() + " " + what + " on " + day(state.since()));
    }

    /**
     * Whether this purpose must leave out the person's sensitive personal information now (CCPA §1798.121,
     * §7027): the person asked to limit its use, and the purpose is not one §7027(m) still permits. Uses to
     * perform the services the person reasonably expects ((m)(1): a contract), and what the law requires (a
     * legal obligation; vital or public interest), go on; anything resting on legitimate interest or consent
     * (prospecting, marketing, analytics) must do without it.
     */
    public boolean limitsSensitive(Purpose purpose, BasisState state) {
        return state.limitedSensitiveSince() != null && switch (purpose.legalBasis()) {
            case CONTRACT, LEGAL_OBLIGATION, VITAL_INTEREST, PUBLIC_INTEREST -> false;
            case LEGITIMATE_INTEREST, CONSENT -> true;
        };
    }

    /**
     * Whether a value is sensitive personal information (CCPA §1798.140(ae)): a field of a special category
     * (GDPR Art. 9), or a free text whose scan found a special category or a government identifier (a
     * social security number, a French NIR).
     *
     * @param flags what the scan found in the value (kinds only)
     */
    public static boolean sensitive(FieldDefinition field, java.util.Collection<String> flags) {
        return field.special() || flags.stream().anyMatch(f -> f.startsWith("SPECIAL_CATEGORY") || f.equals("US_SSN") || f.equals("FR_NIR"));
    }

    /**
     * The rules of {@link #decideBasis} as one SQL expression, for counting many persons at once (an
     * audience): the refusal's reason code for a row, or NULL when the basis holds. The purpose's
     * constants are folded in, so each branch is a comparison of the row's three state columns; the
     * equivalence with {@link #decideBasis} is a test of its own.
     *
     * @param status     the column holding the person's state for the purpose ({@code basis_state.status})
     * @param restricted the column holding since when they are restricted, null when not
     * @param optedOut   the column holding since when they opted out of sale and sharing, null when not
     */
    public String basisReasonSql(Purpose purpose, String status, String restricted, String optedOut) {
        StringBuilder sql = new StringBuilder("CASE");
        if (purpose.legalBasis() != LegalBasis.LEGAL_OBLIGATION) sql.append(" WHEN ").append(restricted).append(" IS NOT NULL THEN 'RESTRICTED'");
        if (purpose.saleOrSharing()) sql.append(" WHEN ").append(optedOut).append(" IS NOT NULL THEN 'OPTED_OUT_OF_SALE'");
        if (purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || purpose.directMarketing()) {
            sql.append(" WHEN ").append(status).append(" = 'OBJECTED' THEN 'OBJECTED'");
        }
        if (purpose.legalBasis() == LegalBasis.CONSENT) {
            sql.append(" WHEN ").append(status).append(" IS NULL OR ").append(status).append(" = 'OBJECTED' THEN 'CONSENT_MISSING'");
            sql.append(" WHEN ").append(status).append(" <> 'CONSENT_GIVEN' THEN ").append(status);
        }
        return sql.length() == 4 ? "CAST(NULL AS VARCHAR(24))" : sql.append(" ELSE NULL END").toString();
    }

    private static String day(java.time.@Nullable Instant at) {
        return at == null ? "an unknown date" : java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).toString();
    }

    /**
     * Erasing a person destroys every ciphertext of theirs at once (invariant 6), so it needs a purpose that
     * covers all of their data: a purpose that sees only part of a person cannot remove the rest.
     *
     * @throws PurposeRefusedException naming the purposes of the actor that may erase
     */
    public Purpose decideErasure(Actor actor, @Nullable String purposeId) {
        Purpose purpose = authorise(actor, purposeId);
        if (!coversEverything(purpose)) {
            throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED, "Deleting a person destroys all of"
                    + " their data; the purpose '" + purpose.id() + "' does not cover all of it. Purposes of yours that may: "
                    + erasingPurposes(actor), erasingPurposes(actor));
        }
        return purpose;
    }

    private boolean coversEverything(Purpose purpose) {
        return !purpose.aggregateOnly() && dataMap.fields().keySet().stream().allMatch(purpose::covers);
    }

    private List<String> erasingPurposes(Actor actor) {
        return purposesOf(actor).stream().filter(this::coversEverything).map(Purpose::id).toList();
    }

    /**
     * Checks a write: every field must be known, declared by some purpose, and covered by the
     * declared purpose (invariant 5).
     *
     * @throws FieldRefusedException naming the offending fields
     */
    public Decision decideWrite(Actor actor, @Nullable String purposeId, String record, Set<String> fields) {
        Decision decision = decideRead(actor, purposeId, record);
        List<String> unknown = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        for (String field : fields) {
            if (dataMap.field(field).filter(f -> f.record().equals(record)).isEmpty()) {
                unknown.add(field);
            } else if (!dataMap.isDeclared(field)) {
                undeclared.add(field);
            } else if (!decision.permits(field)) {
                outside.add(field);
            }
        }
        if (!unknown.isEmpty()) {
            throw new FieldRefusedException(FieldRefusedException.Reason.UNKNOWN,
                    "Unknown field(s) " + unknown + " for a " + record + "; the data map declares "
                            + dataMap.fieldsOf(record).stream().map(FieldDefinition::id).toList(), unknown);
        }
        if (!undeclared.isEmpty()) {
            throw new FieldRefusedException(FieldRefusedException.Reason.NOT_DECLARED,
                    "Field(s) " + undeclared + " are needed by no purpose and cannot be stored (GDPR Art. 5(1)(c))", undeclared);
        }
        if (!outside.isEmpty()) {
            throw new FieldRefusedException(FieldRefusedException.Reason.OUTSIDE_PURPOSE,
                    "The purpose '" + decision.purpose().id() + "' does not cover field(s) " + outside
                            + "; choose a purpose that needs them", outside);
        }
        return decision;
    }

    public Map<String, FieldDefinition> fields() {
        return dataMap.fields();
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
