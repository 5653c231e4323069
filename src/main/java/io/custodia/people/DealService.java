package io.custodia.people;

import io.custodia.shared.Ids;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Deals and the pipeline. */
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
    private final io.custodia.access.PersonalDataGateway gateway;

    private final org.springframework.beans.factory.ObjectProvider<io.custodia.shared.Restrictions> restrictions;

    DealService(JdbcClient jdbc, PersonService persons, OrganisationService organisations, Clock clock,
            io.custodia.access.PersonalDataGateway gateway, org.springframework.beans.factory.ObjectProvider<io.custodia.shared.Restrictions> restrictions) {
        this.restrictions = restrictions;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.persons = persons;
        this.organisations = organisations;
        this.clock = clock;
    }

    @Transactional
    public Deal create(Map<String, ?> input, @Nullable UUID owner) {
        var in = new Inputs(input, FIELDS);
        String title = in.text("title", 200, true, null, "");
        UUID organisationId = in.id("organisationId", false);
        UUID contactId = in.id("contactId", false);
        DealStage stage = in.choice("stage", DealStage.class, false);
        BigDecimal amount = in.amount("amount", true);
        String currency = in.text("currency", 3, false, CURRENCY, "must be an ISO 4217 code such as EUR or USD");
        LocalDate expectedClose = in.date("expectedClose");
        in.check();
        checkTitle(title);
        checkLinks(organisationId, contactId);
        checkNotRestricted(contactId);
        UUID id = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("INSERT INTO deal (id, title, organisation_id, contact_subject_id, stage, amount, currency, owner_id, "
                        + "expected_close, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, title, organisationId, contactId, (stage == null ? DealStage.LEAD : stage).name(), amount,
                        currency == null ? "EUR" : currency, owner, expectedClose == null ? null : Date.valueOf(expectedClose), now, now)
                .update();
        return get(id).orElseThrow();
    }

    @Transactional
    public Deal update(UUID id, Map<String, ?> input) {
        Deal current = get(id).orElseThrow(() -> new NotFoundException("deal", id));
        var in = new Inputs(input, FIELDS);
        String title = in.has("title") ? in.text("title", 200, true, null, "") : current.title();
        UUID organisationId = in.has("organisationId") ? in.id("organisationId", false) : current.organisationId();
        UUID contactId = in.has("contactId") ? in.id("contactId", false) : current.contactId();
        DealStage stage = in.has("stage") ? in.choice("stage", DealStage.class, true) : current.stage();
        BigDecimal amount = in.has("amount") ? in.amount("amount", true) : current.amount();
        String currency = in.has("currency") ? in.text("currency", 3, true, CURRENCY, "must be an ISO 4217 code such as EUR or USD") : current.currency();
        LocalDate expectedClose = in.has("expectedClose") ? in.date("expectedClose") : current.expectedClose();
        in.check();
        checkTitle(title);
        checkLinks(organisationId, contactId);
        // a deal already linked keeps its contact; a new link is new processing
        if (contactId != null && !contactId.equals(current.contactId())) checkNotRestricted(contactId);
        jdbc.sql("UPDATE deal SET title = ?, organisation_id = ?, contact_subject_id = ?, stage = ?, amount = ?, currency = ?, "
                        + "expected_close = ?, updated_at = ? WHERE id = ?")
                .params(title, organisationId, contactId, stage.name(), amount, currency,
                        expectedClose == null ? null : Date.valueOf(expectedClose), Timestamp.from(clock.instant()), id)
                .update();
        return get(id).orElseThrow();
    }

    public Optional<Deal> get(UUID id) {
        return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(DealService::map).optional();
    }

    /** Deals, optionally of one stage or one contact, most recently changed first. */
    public List<Deal> list(@Nullable DealStage stage, @Nullable SubjectId contact, int page, int size) {
        if (page < 0) throw InvalidInputException.of("page", "out-of-range", "must be 0 or more");
        if (size < 1 || size > PersonService.MAX_PAGE_SIZE) {
            throw InvalidInputException.of("size", "out-of-range", "must be 1 to " + PersonService.MAX_PAGE_SIZE);
        }
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        if (stage != null) sql.append(" AND d.stage = :stage");
        if (contact != null) sql.append(" AND d.contact_subject_id = :contact");
        var spec = jdbc.sql(sql.append(" ORDER BY d.updated_at DESC LIMIT :limit OFFSET :offset").toString())
                .param("limit", size).param("offset", (long) page * size);
        if (stage != null) spec = spec.param("stage", stage.name());
        if (contact != null) spec = spec.param("contact", contact.value());
        return spec.query(DealService::map).list();
    }

    /** Open amount per stage, for the pipeline board. */
    public Map<DealStage, BigDecimal> pipeline() {
        Map<DealStage, BigDecimal> totals = new java.util.EnumMap<>(DealStage.class);
        for (DealStage s : DealStage.values()) totals.put(s, BigDecimal.ZERO);
        jdbc.sql("SELECT stage, SUM(amount) FROM deal GROUP BY stage").query((rs, n) -> {
            totals.put(DealStage.valueOf(rs.getString(1)), rs.getBigDecimal(2));
            return n;
        }).list();
        return totals;
    }

    @Transactional
    public void delete(UUID id) {
        if (jdbc.sql("DELETE FROM deal WHERE id = ?").param(id).update() == 0) throw new NotFoundException("deal", id);
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
    private void checkNotRestricted(@Nullable UUID contactId) {
        if (contactId == null) return;
        // the day the person asked is theirs: the refusal says only that the restriction holds
        restrictions.ifAvailable(r -> r.restrictedSince(new SubjectId(contactId)).ifPresent(since -> {
            throw new ConflictException("contactId", "restricted", "this person's processing is restricted (GDPR Art. 18): their data is only"
                    + " stored, so they cannot be made a deal's contact until the DPO lifts the restriction");
        }));
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
