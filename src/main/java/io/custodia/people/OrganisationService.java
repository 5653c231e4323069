package io.custodia.people;

import io.custodia.shared.Ids;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organisations: companies and institutions the persons work for. */
@Service
public class OrganisationService {

    private static final java.util.Set<String> FIELDS = Inputs.keys("name", "domain", "country", "industry");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern COUNTRY = PersonField.ISO_COUNTRY;
    private static final String SELECT = "SELECT o.id, o.name, o.domain, o.country, o.industry, o.created_at, o.updated_at "
            + "FROM organisation o";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final io.custodia.access.PersonalDataGateway gateway;

    OrganisationService(JdbcClient jdbc, Clock clock, io.custodia.access.PersonalDataGateway gateway) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.gateway = gateway;
    }

    @Transactional
    public Organisation create(Map<String, ?> input) {
        var in = new Inputs(input, FIELDS);
        String name = in.text("name", 200, true, null, "");
        String domain = in.text("domain", 200, false, DOMAIN, "must be a domain name such as example.com");
        String country = in.text("country", 60, false, COUNTRY, "must be an ISO 3166-1 alpha-2 code such as FR");
        String industry = in.text("industry", 100, false, null, "");
        in.check();
        noCardNumber(name, industry);
        UUID id = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("INSERT INTO organisation (id, name, domain, country, industry, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, name, domain, country, industry, now, now).update();
        return get(id).orElseThrow();
    }

    /** An organisation is kept in clear and listed everywhere: no card number in its name or industry (PCI DSS 3.2). */
    private void noCardNumber(@org.jspecify.annotations.Nullable String name, @org.jspecify.annotations.Nullable String industry) {
        java.util.List<InvalidInputException.FieldError> errors = new java.util.ArrayList<>();
        if (name != null && gateway.holdsCardNumber(name)) errors.add(new InvalidInputException.FieldError("name", "card-number", CARD, 0));
        if (industry != null && gateway.holdsCardNumber(industry)) errors.add(new InvalidInputException.FieldError("industry", "card-number", CARD, 0));
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
    }

    private static final String CARD = "holds a payment card number, which is never kept";

    @Transactional
    public Organisation update(UUID id, Map<String, ?> input) {
        Organisation current = get(id).orElseThrow(() -> new NotFoundException("organisation", id));
        var in = new Inputs(input, FIELDS);
        String name = in.has("name") ? in.text("name", 200, true, null, "") : current.name();
        String domain = in.has("domain") ? in.text("domain", 200, false, DOMAIN, "must be a domain name such as example.com") : current.domain();
        String country = in.has("country") ? in.text("country", 60, false, COUNTRY, "must be an ISO 3166-1 alpha-2 code such as FR") : current.country();
        String industry = in.has("industry") ? in.text("industry", 100, false, null, "") : current.industry();
        in.check();
        noCardNumber(name, industry);
        jdbc.sql("UPDATE organisation SET name = ?, domain = ?, country = ?, industry = ?, updated_at = ? WHERE id = ?")
                .params(name, domain, country, industry, Timestamp.from(clock.instant()), id).update();
        return get(id).orElseThrow();
    }

    public Optional<Organisation> get(UUID id) {
        return withContactCounts(jdbc.sql(SELECT + " WHERE o.id = ?").param(id).query(OrganisationService::map).list())
                .stream().findFirst();
    }

    public List<Organisation> list(int page, int size, String nameFilter) {
        PersonService.checkPage(page, size);
        String filter = nameFilter == null ? "" : nameFilter.strip().toLowerCase(java.util.Locale.ROOT);
        return withContactCounts(jdbc.sql(SELECT + " WHERE LOWER(o.name) LIKE :filter ORDER BY o.name LIMIT :limit OFFSET :offset")
                .param("filter", "%" + filter.replace("%", "").replace("_", "") + "%").param("limit", size)
                .param("offset", (long) page * size).query(OrganisationService::map).list());
    }

    /**
     * The organisations to offer in a form: the first {@code limit} by name, plus the one already chosen
     * (given as text, possibly blank or malformed), so saving a form never unlinks a record silently.
     */
    public List<Organisation> choices(int limit, @org.jspecify.annotations.Nullable String chosen) {
        List<Organisation> list = new java.util.ArrayList<>(list(0, limit, ""));
        if (chosen != null && !chosen.isBlank()) {
            try {
                UUID id = UUID.fromString(chosen.strip());
                if (list.stream().noneMatch(o -> o.id().equals(id))) get(id).ifPresent(list::add);
            } catch (IllegalArgumentException malformed) {
                // the form shows the error on the field; nothing to add
            }
        }
        return list;
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM organisation").query(Long.class).single();
    }

    /** Deletes an organisation that no person and no deal refers to. */
    @Transactional
    public void delete(UUID id) {
        Organisation organisation = get(id).orElseThrow(() -> new NotFoundException("organisation", id));
        long deals = jdbc.sql("SELECT COUNT(*) FROM deal WHERE organisation_id = ?").param(id).query(Long.class).single();
        if (organisation.contacts() > 0 || deals > 0) {
            throw new ConflictException("id", "in-use", "the organisation still has " + organisation.contacts()
                    + " contact(s) and " + deals + " deal(s); move or delete them first");
        }
        jdbc.sql("DELETE FROM organisation WHERE id = ?").param(id).update();
    }

    /** Contact counts come from the blind index of the encrypted person-to-organisation link. */
    private List<Organisation> withContactCounts(List<Organisation> organisations) {
        Map<UUID, Long> counts = gateway.contactCounts(organisations.stream().map(Organisation::id).toList());
        return organisations.stream().map(o -> new Organisation(o.id(), o.name(), o.domain(), o.country(), o.industry(),
                counts.getOrDefault(o.id(), 0L), o.createdAt(), o.updatedAt())).toList();
    }

    private static Organisation map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Organisation(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("domain"),
                rs.getString("country"), rs.getString("industry"), 0L,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
