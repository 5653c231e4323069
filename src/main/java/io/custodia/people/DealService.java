package io.custodia.people;

import io.custodia.access.PersonalDataGateway;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.identity.Actor;
import io.custodia.shared.Ids;
import io.custodia.shared.Restrictions;
import io.custodia.shared.SubjectId;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deals and the pipeline. A deal holds business data in clear and, at most, the id of its contact: linking a
 * person to a deal, or unlinking them, is recorded in the audit ledger on that person (an UPDATE naming the deal and
 * its purpose, {@link #DEAL_PURPOSE}, no value), and a link refused because the person's processing is restricted is recorded as a DENIED entry.
 */
@Service
public class DealService {

    private static final Set<String> FIELDS = Inputs.keys("title", "organisationId", "contactId", "stage", "amount",
            "currency", "expectedClose");
    /** The ISO 4217 codes the JDK knows, not any three letters (XYZ is refused). */
    private static final Pattern CURRENCY = Pattern.compile(String.join("|", java.util.Currency.getAvailableCurrencies().stream()
            .map(java.util.Currency::getCurrencyCode).sorted().toList()));
    private static final String SELECT = "SELECT d.id, d.title, d.organisation_id, o.name, d.contact_subject_id, d.stage, "
            + "d.amount, d.currency, d.owner_id, d.expected_close, d.created_at, d.updated_at FROM deal d "
            + "LEFT JOIN organisation o ON o.id = d.organisation_id";

    private final JdbcClient jdbc;
    private final PersonService persons;
    private final OrganisationService organisations;
    private final Clock clock;
    private final PersonalDataGateway gateway;
    private final ObjectProvider<Restrictions> restrictions;
    private final AuditLedger ledger;
    private final @Nullable String purpose;

    /**
     * The purpose a deal's contact is processed for: the pipeline is the customer relationship (orders, contracts:
     * GDPR Art. 6(1)(b)), the data map's {@code crm}; no purpose is named when the data map has none of that id.
     */
    static final String DEAL_PURPOSE = "crm";
    /** How far from today a deal's expected close may be, either way: beyond, it is a typing mistake (1900, 9999). */
    static final int EXPECTED_CLOSE_YEARS = 20;

    DealService(JdbcClient jdbc, PersonService persons, OrganisationService organisations, Clock clock,
            PersonalDataGateway gateway, ObjectProvider<Restrictions> restrictions, AuditLedger ledger,
            io.custodia.policy.AccessPolicy policy) {
        this.purpose = policy.knowsPurpose(DEAL_PURPOSE) ? DEAL_PURPOSE : null;
        this.restrictions = restrictions;
        this.ledger = ledger;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.persons = persons;
        this.organisations = organisations;
        this.clock = clock;
    }

    /** A new deal owned by the acting staff member (none for the system), its contact's link recorded. */
    @Transactional
    public Deal create(Actor actor, Map<String, ?> input) {
        var in = new Inputs(input, FIELDS);
        String title = in.text("title", 200, true, null, "");
        UUID organisationId = in.id("organisationId", false);
        UUID contactId = in.id("contactId", false);
        DealStage stage = in.choice("stage", DealStage.class, false);
        BigDecimal amount = in.amount("amount", true);
        String currency = in.text("currency", 40, false, CURRENCY, "must be an ISO 4217 code such as EUR or USD");
        LocalDate expectedClose = in.dateWithin("expectedClose", today(), EXPECTED_CLOSE_YEARS);
        in.check();
        checkTitle(title);
        checkLinks(organisationId, contactId);
        UUID id = Ids.next();
        checkNotRestricted(actor, id, contactId);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("INSERT INTO deal (id, title, organisation_id, contact_subject_id, stage, amount, currency, owner_id, "
                        + "expected_close, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, title, organisationId, contactId, (stage == null ? DealStage.LEAD : stage).name(), amount,
                        currency == null ? "EUR" : currency, actor.staffAccountId(), expectedClose == null ? null : Date.valueOf(expectedClose), now, now)
                .update();
        recordLinks(actor, id, null, contactId);
        return get(id).orElseThrow();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    /** Changes the fields given; a change of contact is recorded on both persons. */
    @Transactional
    public Deal update(Actor actor, UUID id, Map<String, ?> input) {
        // locked: two changes of contact at once each record what they replaced
        Deal current = locked(id);
        var in = new Inputs(input, FIELDS);
        String title = in.has("title") ? in.text("title", 200, true, null, "") : current.title();
        UUID organisationId = in.has("organisationId") ? in.id("organisationId", false) : current.organisationId();
        UUID contactId = in.has("contactId") ? in.id("contactId", false) : current.contactId();
        DealStage stage = in.has("stage") ? in.choice("stage", DealStage.class, true) : current.stage();
        BigDecimal amount = in.has("amount") ? in.amount("amount", true) : current.amount();
        String currency = in.has("currency") ? in.text("currency", 40, true, CURRENCY, "must be an ISO 4217 code such as EUR or USD") : current.currency();
        LocalDate expectedClose = in.has("expectedClose")
                ? in.dateWithin("expectedClose", today(), EXPECTED_CLOSE_YEARS, current.expectedClose()) : current.expectedClose();
        in.check();
        checkTitle(title);
        checkLinks(organisationId, contactId);
        // a deal already linked keeps its contact; a new link is new processing
        if (contactId != null && !contactId.equals(current.contactId())) checkNotRestricted(actor, id, contactId);
        jdbc.sql("UPDATE deal SET title = ?, organisation_id = ?, contact_subject_id = ?, stage = ?, amount = ?, currency = ?, "
                        + "expected_close = ?, updated_at = ? WHERE id = ?")
                .params(title, organisationId, contactId, stage.name(), amount, currency,
                        expectedClose == null ? null : Date.valueOf(expectedClose), Timestamp.from(clock.instant()), id)
                .update();
        recordLinks(actor, id, current.contactId(), contactId);
        return get(id).orElseThrow();
    }

    /** The deal, its row locked until the transaction ends. */
    private Deal locked(UUID id) {
        if (jdbc.sql("SELECT id FROM deal WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional().isEmpty()) {
            throw new NotFoundException("deal", id);
        }
        return get(id).orElseThrow(() -> new NotFoundException("deal", id));
    }

    public Optional<Deal> get(UUID id) {
        return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(DealService::map).optional();
    }

    /** Deals, optionally of one stage or one contact, most recently changed first. */
    public List<Deal> list(@Nullable DealStage stage, @Nullable SubjectId contact, int page, int size) {
        PersonService.checkPage(page, size);
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        if (stage != null) sql.append(" AND d.stage = :stage");
        if (contact != null) sql.append(" AND d.contact_subject_id = :contact");
        var spec = jdbc.sql(sql.append(" ORDER BY d.updated_at DESC LIMIT :limit OFFSET :offset").toString())
                .param("limit", size).param("offset", (long) page * size);
        if (stage != null) spec = spec.param("stage", stage.name());
        if (contact != null) spec = spec.param("contact", contact.value());
        return spec.query(DealService::map).list();
    }

    /** An organisation's deals, most recently changed first (at most {@code limit}). */
    public List<Deal> ofOrganisation(UUID organisation, int limit) {
        return jdbc.sql(SELECT + " WHERE d.organisation_id = ? ORDER BY d.updated_at DESC LIMIT " + Math.max(1, Math.min(limit, 500)))
                .param(organisation).query(DealService::map).list();
    }

    /** A stage of the pipeline: how many deals it holds and their amounts summed per currency (never across currencies). */
    public record StageTotal(DealStage stage, long deals, Map<String, BigDecimal> amounts) {
    }

    /** Every stage in order, each with its deals counted and their amounts summed per currency, currencies in order. */
    public List<StageTotal> pipeline() {
        Map<DealStage, long[]> counts = new java.util.EnumMap<>(DealStage.class);
        Map<DealStage, Map<String, BigDecimal>> amounts = new java.util.EnumMap<>(DealStage.class);
        for (DealStage s : DealStage.values()) {
            counts.put(s, new long[1]);
            amounts.put(s, new java.util.TreeMap<>());
        }
        jdbc.sql("SELECT stage, currency, COUNT(*), SUM(amount) FROM deal GROUP BY stage, currency").query((rs, n) -> {
            DealStage stage = DealStage.valueOf(rs.getString(1));
            counts.get(stage)[0] += rs.getLong(3);
            amounts.get(stage).put(rs.getString(2), rs.getBigDecimal(4));
            return n;
        }).list();
        return java.util.Arrays.stream(DealStage.values()).map(s -> new StageTotal(s, counts.get(s)[0], java.util.Collections.unmodifiableMap(amounts.get(s))))
                .toList();
    }

    /** Deletes a deal; its contact's link ends with it, recorded on the contact. */
    @Transactional
    public void delete(Actor actor, UUID id) {
        Deal deal = locked(id);
        jdbc.sql("DELETE FROM deal WHERE id = ?").param(id).update();
        recordLinks(actor, id, deal.contactId(), null);
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM deal").query(Long.class).single();
    }

    /** Deal titles are stored in clear as business data, so they must not carry personal data (invariant 5). */
    private void checkTitle(String title) {
        var found = gateway.personalDataIn(title);
        if (!found.isEmpty()) {
            throw InvalidInputException.of("title", "personal-data", "contains " + found
                    + "; keep personal data on the contact's record, not in the deal title");
        }
    }

    /**
     * A restricted person's data is only stored (GDPR Art. 18(2)): making them the contact of a deal is new processing
     * for the sale, refused as reading or changing them is.
     */
    private void checkNotRestricted(Actor actor, UUID deal, @Nullable UUID contactId) {
        if (contactId == null) return;
        Restrictions source = restrictions.getIfAvailable();
        if (source == null) return;
        source.restrictedSince(new SubjectId(contactId)).ifPresent(since -> {
            // recorded as the gateway records its refusals: kept whatever becomes of this transaction, the day for the DPO
            ledger.recordNow(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.DENIED, purpose, contactId, AuditOutcome.DENIED,
                    actor.auditDetail("attempted=UPDATE; reason=BASIS_RESTRICTED; since="
                            + since.atZone(java.time.ZoneOffset.UTC).toLocalDate() + "; record=deal " + deal), null));
            // the day the person asked is theirs: the refusal to staff says only that the restriction holds
            throw new ConflictException("contactId", "restricted", "this person's processing is restricted (GDPR Art. 18): their data is only"
                    + " stored, so they cannot be made a deal's contact until the DPO lifts the restriction");
        });
    }

    /**
     * A person made a deal's contact, or no longer its contact, is a write on them (GDPR Art. 30): an UPDATE entry each,
     * naming the deal and the field, committed with the change.
     */
    private void recordLinks(Actor actor, UUID deal, @Nullable UUID before, @Nullable UUID after) {
        if (java.util.Objects.equals(before, after)) return;
        List<AuditEvent> events = new java.util.ArrayList<>(2);
        for (UUID subject : new UUID[] {before, after}) {
            if (subject == null) continue;
            events.add(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.UPDATE, purpose, subject, AuditOutcome.ALLOWED,
                    actor.auditDetail("record=deal " + deal + "; fields=contact; " + (subject.equals(after) ? "linked" : "unlinked")), null));
        }
        ledger.recordAll(events);
    }

    private void checkLinks(@Nullable UUID organisationId, @Nullable UUID contactId) {
        if (organisationId != null && organisations.get(organisationId).isEmpty()) {
            throw InvalidInputException.of("organisationId", "unknown", "no organisation with id " + organisationId);
        }
        if (contactId != null) {
            try {
                persons.requireExists(new SubjectId(contactId));
            } catch (NotFoundException e) {
                throw InvalidInputException.of("contactId", "unknown", "no person with id " + contactId);
            }
        }
    }

    private static Deal map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Date close = rs.getDate(10);
        return new Deal(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getObject(5, UUID.class), DealStage.valueOf(rs.getString(6)), rs.getBigDecimal(7), rs.getString(8),
                rs.getObject(9, UUID.class), close == null ? null : close.toLocalDate(), rs.getTimestamp(11).toInstant(),
                rs.getTimestamp(12).toInstant());
    }
}
