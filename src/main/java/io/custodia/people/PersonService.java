package io.custodia.people;

import io.custodia.access.AccessRequest;
import io.custodia.access.PersonalDataGateway;
import io.custodia.access.PersonalView;
import io.custodia.shared.SubjectId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Persons: create, change, read, list, search, delete; personal values only through the gateway. */
@Service
public class PersonService {

    public static final int MAX_PAGE_SIZE = 200;
    private static final String ORDER = " ORDER BY p.updated_at DESC, p.subject_id DESC";

    private final PersonalDataGateway gateway;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;

    private final org.springframework.beans.factory.ObjectProvider<io.custodia.shared.ErasureGuard> guards;

    PersonService(PersonalDataGateway gateway, JdbcClient jdbc, JdbcTemplate template, Clock clock,
            org.springframework.beans.factory.ObjectProvider<io.custodia.shared.ErasureGuard> guards) {
        this.guards = guards;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    /** One page of persons, most recently changed first. */
    public record Page(List<Person> items, int page, int size, long total) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    @Transactional
    public Person create(AccessRequest request, PersonInput input) {
        SubjectId id = createAll(request, List.of(input)).get(0);
        return get(request, id).orElseThrow();
    }

    /** Creates many persons at once (imports, demo data, benchmarks): all or nothing. */
    @Transactional
    public List<SubjectId> createAll(AccessRequest request, List<PersonInput> inputs) {
        return createAll(request, inputs, inputs.stream().map(i -> SubjectId.random()).toList());
    }

    /**
     * Creates a person under an id chosen beforehand: a person who signs themself up (a web form) acts as
     * the person of that id, so the id exists before the record does.
     */
    @Transactional
    public SubjectId createWithId(AccessRequest request, SubjectId id, PersonInput input) {
        return createAll(request, List.of(input), List.of(id)).getFirst();
    }

    /** The persons with this exact email address (blind index), for the request's purpose; the search is audited. */
    @Transactional(readOnly = true)
    public List<SubjectId> findByEmail(AccessRequest request, String email) {
        return gateway.findByEmail(request, email);
    }

    private List<SubjectId> createAll(AccessRequest request, List<PersonInput> inputs, List<SubjectId> ids) {
        List<PersonalDataGateway.NewPerson> persons = new ArrayList<>(inputs.size());
        List<Object[]> rows = new ArrayList<>(inputs.size());
        Timestamp now = Timestamp.from(clock.instant());
        List<InvalidInputException.FieldError> anonymous = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).identifiesSomeone()) anonymous.add(PersonInput.identityRequired(inputs.size() == 1 ? 0 : i + 1));
        }
        if (!anonymous.isEmpty()) throw new InvalidInputException(anonymous);
        for (int i = 0; i < inputs.size(); i++) {
            PersonInput input = inputs.get(i);
            if (input.organisationId() != null) requireOrganisation(input.organisationId(), inputs.size() == 1 ? 0 : i + 1);
            SubjectId id = ids.get(i);
            Map<String, String> values = new LinkedHashMap<>();
            input.fieldValues().forEach((k, v) -> { if (v != null) values.put(k, v); });
            persons.add(new PersonalDataGateway.NewPerson(id, values));
            rows.add(new Object[] {id.value(), now, now, request.actor().staffAccountId()});
        }
        gateway.createPersons(request, persons);
        template.batchUpdate("INSERT INTO person (subject_id, created_at, updated_at, created_by) VALUES (?, ?, ?, ?)", rows);
        return persons.stream().map(PersonalDataGateway.NewPerson::subject).toList();
    }

    /**
     * What a create or an update would refuse in the texts of a form (form field name to text, as
     * {@link PersonField#json()} names them): a payment card number in notes. Checks only; nothing is recorded.
     */
    public List<io.custodia.access.NoteRefusedException> refusedTexts(Map<String, String> form) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (PersonField field : PersonField.values()) {
            String text = form.get(field.json());
            if (text != null) byField.put(field.fieldId(), text);
        }
        return gateway.refusedTexts(byField);
    }

    /** A refused text as a form may show it back: card numbers, addresses and numbers replaced by their kind. */
    public String masked(String text) {
        return gateway.masked(text);
    }

    /** Changes the given fields; fields not given are kept. */
    @Transactional
    public Person update(AccessRequest request, SubjectId id, PersonInput input) {
        requireExists(id);
        if (input.organisationId() != null) requireOrganisation(input.organisationId());
        gateway.updatePerson(request, id, input.fieldValues());
        // the record as it now stands (fields of other purposes included) must still say who it is about; else all is undone
        if (!gateway.holdsAny(id, PersonInput.IDENTIFYING.stream().map(PersonField::fieldId).toList())) {
            throw new InvalidInputException(List.of(PersonInput.identityRequired(0)));
        }
        StringBuilder sql = new StringBuilder("UPDATE person SET updated_at = ?");
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(clock.instant())));
        params.add(id.value());
        jdbc.sql(sql.append(" WHERE subject_id = ?").toString()).params(params).update();
        return get(request, id).orElseThrow(() -> new NotFoundException("person", id));
    }

    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Optional<Person> get(AccessRequest request, SubjectId id) {
        return assemble(request, List.of(id), true).stream().findFirst();
    }

    /** The paging every list of the CRM takes: page 0 or more, size 1 to {@value #MAX_PAGE_SIZE}; else refused, naming which. */
    static void checkPage(int page, int size) {
        if (page < 0) throw InvalidInputException.of("page", "out-of-range", "must be 0 or more");
        if (size < 1 || size > MAX_PAGE_SIZE) throw InvalidInputException.of("size", "out-of-range", "must be 1 to " + MAX_PAGE_SIZE);
    }

    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Page list(AccessRequest request, int page, int size, @Nullable UUID organisationId) {
        checkPage(page, size);
        if (organisationId != null) {
            return contactsOf(request, organisationId, page, size);
        }
        // only the persons the purpose's basis holds for: the page, its count and the pager agree with what is shown
        var holds = gateway.basisHolds(request, "p.subject_id");
        List<SubjectId> ids = jdbc.sql("SELECT p.subject_id FROM person p" + holds.join() + " WHERE " + holds.condition() + ORDER
                        + " LIMIT :limit OFFSET :offset")
                .params(holds.params()).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new SubjectId(rs.getObject(1, UUID.class))).list();
        long total = holds.condition().equals("1 = 1") ? jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single()
                : jdbc.sql("SELECT COUNT(*) FROM person p" + holds.join() + " WHERE " + holds.condition()).params(holds.params())
                        .query(Long.class).single();
        return new Page(assemble(request, ids), page, size, total);
    }

    /** An organisation's contacts, found through the blind index of the encrypted link, most recently changed first. */
    private Page contactsOf(AccessRequest request, UUID organisationId, int page, int size) {
        List<UUID> all = gateway.findByOrganisation(request, organisationId).stream().map(SubjectId::value).toList();
        record Changed(UUID id, Instant updated) {
        }
        List<Changed> changed = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 500) {
            changed.addAll(jdbc.sql("SELECT subject_id, updated_at FROM person WHERE subject_id IN (:ids)")
                    .param("ids", all.subList(from, Math.min(all.size(), from + 500)))
                    .query((rs, n) -> new Changed(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).list());
        }
        changed.sort(java.util.Comparator.comparing(Changed::updated).thenComparing(Changed::id).reversed());
        List<SubjectId> ids = changed.stream().skip((long) page * size).limit(size).map(c -> new SubjectId(c.id())).toList();
        return new Page(assemble(request, ids), page, size, changed.size());
    }

    /**
     * Finds persons by what was typed: an email (contains {@code @}), a phone (mostly digits) or a
     * name prefix (3+ letters). Nothing searched is logged or put in a URL by Custodia.
     */
    // one read-only transaction: the search and the reads of what it found reach the audit ledger in one commit
    @Transactional(readOnly = true)
    public List<Person> search(AccessRequest request, String query, int limit) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 200) {
            throw InvalidInputException.of("q", "length", "type 1 to 200 characters: an email, a phone number or 3+ letters of a name");
        }
        List<SubjectId> ids;
        if (q.contains("@")) {
            ids = gateway.findByEmail(request, q);
        } else if (q.chars().filter(Character::isDigit).count() >= 6 && q.matches("[+0-9 ().\\-]+")) {
            ids = gateway.findByPhone(request, q);
        } else {
            ids = gateway.searchByName(request, q, limit);
        }
        return assemble(request, ids.stream().limit(limit).toList());
    }

    /**
     * Deletes a person: the gateway destroys their key first, then every row about them goes.
     *
     * @throws ConflictException when a legal hold requires part of their record to be kept (their erasure then goes
     *                           through a data subject request, which keeps that part only)
     */
    @Transactional
    public void delete(AccessRequest request, SubjectId id) {
        requireExists(id);
        for (io.custodia.shared.ErasureGuard guard : guards) {
            guard.heldBecause(id).ifPresent(why -> {
                throw new ConflictException("person", "legal-hold", why);
            });
        }
        forget(request, id);
    }

    /**
     * Erases a person whatever holds a database says they are under: for the forget list, whose word is final
     * after a restore (the person was erased when no hold applied).
     */
    @Transactional
    public void forget(AccessRequest request, SubjectId id) {
        requireExists(id);
        gateway.erase(request, id);
        forgetRelations(id);
        jdbc.sql("DELETE FROM person WHERE subject_id = ?").param(id.value()).update();
    }

    /**
     * Erases a person except the fields of their record a legal obligation requires to be kept (GDPR Art.
     * 17(3)(b)): the gateway destroys their key and seals the kept values again under a new one; their
     * interactions and deal links go; the person stays, holding those fields only. When none of those fields
     * holds a value, or none is given, the erasure is total, as {@link #delete}.
     *
     * @return the fields kept; empty when the erasure was total and the person is gone
     */
    @Transactional
    public java.util.Set<String> eraseKeeping(AccessRequest request, SubjectId id, java.util.Set<String> keep) {
        requireExists(id);
        java.util.Set<String> kept = gateway.erase(request, id, keep);
        forgetRelations(id);
        if (kept.isEmpty()) {
            jdbc.sql("DELETE FROM person WHERE subject_id = ?").param(id.value()).update();
        } else {
            jdbc.sql("UPDATE person SET updated_at = ? WHERE subject_id = ?").params(java.sql.Timestamp.from(clock.instant()), id.value()).update();
        }
        return kept;
    }

    private void forgetRelations(SubjectId id) {
        jdbc.sql("UPDATE deal SET contact_subject_id = NULL WHERE contact_subject_id = ?").param(id.value()).update();
        jdbc.sql("DELETE FROM interaction WHERE subject_id = ?").param(id.value()).update();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single();
    }

    /**
     * Locks the person's row until the caller's transaction ends, so that acts on one person (their choices)
     * happen one after the other.
     *
     * @throws NotFoundException when no person has this id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(SubjectId id) {
        if (jdbc.sql("SELECT subject_id FROM person WHERE subject_id = ? FOR UPDATE").param(id.value()).query((rs, n) -> n).list().isEmpty()) {
            throw new NotFoundException("person", id);
        }
    }

    /**
     * The conditions an audience puts on persons, as SQL over {@code person p} (for counting at scale; no
     * personal value is read): contact of a deal at one of these stages, works for an organisation, last
     * interaction after or before a day. Null or empty arguments add nothing.
     */
    public io.custodia.access.SqlFragment audienceConditions(Set<DealStage> stages, @Nullable UUID organisation,
            java.time.@Nullable Instant lastContactAfter, java.time.@Nullable Instant lastContactBefore) {
        List<String> conditions = new ArrayList<>(List.of("1 = 1"));
        Map<String, Object> params = new LinkedHashMap<>();
        if (!stages.isEmpty()) {
            conditions.add("EXISTS (SELECT 1 FROM deal d WHERE d.contact_subject_id = p.subject_id AND d.stage IN (:stages))");
            params.put("stages", stages.stream().map(Enum::name).sorted().toList());
        }
        if (organisation != null) {
            var works = gateway.worksFor("p.subject_id", organisation);
            conditions.add(works.sql());
            params.putAll(works.params());
        }
        if (lastContactAfter != null) {
            conditions.add("EXISTS (SELECT 1 FROM interaction i WHERE i.subject_id = p.subject_id AND i.occurred_at >= :last_after)");
            params.put("last_after", java.sql.Timestamp.from(lastContactAfter));
        }
        if (lastContactBefore != null) {
            conditions.add("NOT EXISTS (SELECT 1 FROM interaction i WHERE i.subject_id = p.subject_id AND i.occurred_at >= :last_before)");
            params.put("last_before", java.sql.Timestamp.from(lastContactBefore));
        }
        return new io.custodia.access.SqlFragment(String.join(" AND ", conditions), params);
    }

    /** Whether a person has this id (never existed or erased: false). */
    public boolean exists(SubjectId id) {
        return jdbc.sql("SELECT COUNT(*) FROM person WHERE subject_id = ?").param(id.value()).query(Long.class).single() > 0;
    }

    /** @throws NotFoundException when no person has this id (never existed or erased) */
    public void requireExists(SubjectId id) {
        if (jdbc.sql("SELECT COUNT(*) FROM person WHERE subject_id = ?").param(id.value()).query(Long.class).single() == 0) {
            throw new NotFoundException("person", id);
        }
    }

    /** The names of the organisations these views link to (organisations are not personal data). */
    private Map<UUID, String> organisationNames(java.util.Collection<PersonalView> views) {
        List<UUID> ids = views.stream().map(v -> v.get(PersonField.ORGANISATION.fieldId())).filter(java.util.Objects::nonNull)
                .map(UUID::fromString).distinct().toList();
        Map<UUID, String> names = new LinkedHashMap<>();
        if (ids.isEmpty()) return names;
        jdbc.sql("SELECT id, name FROM organisation WHERE id IN (:ids)").param("ids", ids).query((rs, n) -> {
            names.put(rs.getObject(1, UUID.class), rs.getString(2));
            return n;
        }).list();
        return names;
    }

    private void requireOrganisation(UUID id) {
        requireOrganisation(id, 0);
    }

    /** @param row the import's row (1 for the first), 0 outside an import */
    private void requireOrganisation(UUID id, int row) {
        if (jdbc.sql("SELECT COUNT(*) FROM organisation WHERE id = ?").param(id).query(Long.class).single() == 0) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError("organisationId", "unknown", "no organisation with id " + id, row)));
        }
    }

    private List<Person> assemble(AccessRequest request, List<SubjectId> ids) {
        return assemble(request, ids, false);
    }

    /**
     * @param one a read of one person (their page or {@code GET /persons/{id}}): a refusal for lack of a legal
     *            basis is thrown with its reason; in a list the person is left out
     */
    private List<Person> assemble(AccessRequest request, List<SubjectId> ids, boolean one) {
        // the gateway decides even for an empty page: a purpose that may not read persons is refused, not shown "none"
        Map<SubjectId, PersonalView> views = one ? gateway.readPerson(request, ids.getFirst()).map(v -> Map.of(v.subject(), v)).orElse(Map.of())
                : gateway.readPersons(request, ids);
        if (ids.isEmpty()) return List.of();
        record Row(Instant created, Instant updated) {
        }
        Map<SubjectId, Row> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT subject_id, created_at, updated_at FROM person WHERE subject_id IN (:ids)")
                .param("ids", ids.stream().map(SubjectId::value).toList())
                .query((rs, n) -> {
                    rows.put(new SubjectId(rs.getObject(1, UUID.class)), new Row(rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
                    return n;
                }).list();
        Map<UUID, String> organisationNames = organisationNames(views.values());
        List<Person> persons = new ArrayList<>();
        for (SubjectId id : ids) {
            Row row = rows.get(id);
            PersonalView view = views.get(id);
            if (row == null || view == null) continue;
            String organisation = view.get(PersonField.ORGANISATION.fieldId());
            UUID organisationId = organisation == null ? null : UUID.fromString(organisation);
            persons.add(new Person(id, organisationId, organisationId == null ? null : organisationNames.get(organisationId), view,
                    row.created(), row.updated()));
        }
        return persons;
    }

}
