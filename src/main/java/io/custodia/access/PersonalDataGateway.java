package io.custodia.access;

import io.custodia.access.scan.NoteScanner;
import io.custodia.access.scan.ScanResult;
import io.custodia.audit.AuditAction;
import io.custodia.crypto.BlindIndex;
import io.custodia.crypto.CipherContext;
import io.custodia.crypto.SubjectCrypto;
import io.custodia.datamap.FieldDefinition;
import io.custodia.datamap.IndexKind;
import io.custodia.policy.AccessPolicy;
import io.custodia.policy.BasisRefusal;
import io.custodia.policy.BasisRefusedException;
import io.custodia.policy.BasisState;
import io.custodia.policy.Decision;
import io.custodia.policy.FieldRefusedException;
import io.custodia.datamap.Purpose;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way in and out of personal data (invariant 3). Every method takes an {@link AccessRequest}:
 * the policy resolves its purpose for the actor (refusing a missing, unknown or ungranted one), reads
 * return only the fields that purpose needs, writes may only store fields that purpose covers, and
 * free text is scanned before it is stored (invariant 5). Nothing here logs a value.
 *
 * <p>Reads join the caller's transaction when there is one and otherwise run without opening one
 * ({@code SUPPORTS}): a read is one or two statements, and a transaction around them would double
 * the round trips of the commonest operation of a CRM.
 */
@Service
public class PersonalDataGateway implements io.custodia.shared.ForbiddenText {

    private static final String PERSON = "person";
    private static final String INTERACTION = "interaction";
    /** A name search that would decrypt more candidates than this asks for more letters instead. */
    static final int MAX_NAME_CANDIDATES = 5_000;

    private final AccessPolicy policy;
    private final SubjectCrypto crypto;
    private final BlindIndex blindIndex;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final NoteScanner scanner;
    private final Clock clock;
    private final AccessAudit audit;
    /** The consent module's state of each person; absent only where no module provides it (then nothing is recorded). */
    private final @Nullable BasisStateSource basisStates;
    private final org.springframework.context.ApplicationEventPublisher events;

    PersonalDataGateway(AccessPolicy policy, SubjectCrypto crypto, BlindIndex blindIndex, JdbcClient jdbc,
            JdbcTemplate template, Clock clock, AccessAudit audit, org.springframework.beans.factory.ObjectProvider<BasisStateSource> basisStates,
            org.springframework.context.ApplicationEventPublisher events) {
        this.audit = audit;
        this.basisStates = basisStates.getIfAvailable();
        this.events = events;
        this.policy = policy;
        this.crypto = crypto;
        this.blindIndex = blindIndex;
        this.jdbc = jdbc;
        this.template = template;
        this.scanner = new NoteScanner();
        this.clock = clock;
    }

    /** A new person's fields, for {@link #createPersons}. */
    public record NewPerson(SubjectId subject, Map<String, String> values) {
        /** Never prints values. */
        @Override
        public String toString() {
            return "NewPerson[subject=" + subject + ", fields=" + values.keySet() + "]";
        }
    }

    // ---------------------------------------------------------------- writes

    /** Creates one person's encrypted record, data key and blind indexes. */
    @Transactional
    public WriteResult createPerson(AccessRequest request, SubjectId subject, Map<String, String> values) {
        return createPersons(request, List.of(new NewPerson(subject, values))).get(0);
    }

    /**
     * Creates many persons in batches: one data key each, every field encrypted, blind indexes written.
     * All or nothing: on any refusal nothing is written.
     */
    @Transactional
    public List<WriteResult> createPersons(AccessRequest request, List<NewPerson> persons) {
        Set<String> allFields = new LinkedHashSet<>();
        persons.forEach(p -> allFields.addAll(p.values().keySet()));
        SubjectId only = persons.size() == 1 ? persons.getFirst().subject() : null;
        Decision decision = refusedIsAudited(request, AuditAction.CREATE, only,
                () -> ownRecordOnly(request, persons.stream().map(NewPerson::subject).toList(),
                        policy.decideWrite(request.actor(), request.purpose(), PERSON, allFields)));
        List<Map<String, Set<String>>> scans = new ArrayList<>(persons.size());
        for (NewPerson person : persons) {
            scans.add(refusedIsAudited(request, AuditAction.CREATE, only, () -> scanEach(person.values())));
        }
        List<SubjectId> subjects = persons.stream().map(NewPerson::subject).toList();
        evictOnRollback(subjects);
        crypto.createKeys(subjects);

        List<FieldDefinition> columns = List.copyOf(policy.fields().values().stream().filter(f -> f.record().equals(PERSON)).toList());
        List<String> names = storedColumns(columns);
        String sql = "INSERT INTO person_data (subject_id, updated_at, " + String.join(", ", names) + ") VALUES (?, ?"
                + ", ?".repeat(names.size()) + ")";
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = new ArrayList<>(persons.size());
        List<Object[]> indexRows = new ArrayList<>();
        List<WriteResult> results = new ArrayList<>(persons.size());
        for (int p = 0; p < persons.size(); p++) {
            NewPerson person = persons.get(p);
            List<Object> row = new ArrayList<>(names.size() + 2);
            row.add(person.subject().value());
            row.add(now);
            for (FieldDefinition column : columns) {
                row.addAll(encrypted(person.subject(), "person_data", person.subject().value(), column,
                        person.values().get(column.id()), scans.get(p).get(column.id())));
            }
            rows.add(row.toArray());
            indexRows.addAll(indexRows(person.subject(), person.values()));
            results.add(WriteResult.of(scans.get(p)));
        }
        template.batchUpdate(sql, rows);
        template.batchUpdate("INSERT INTO blind_index (kind, digest, subject_id) VALUES (?, ?, ?)", indexRows);
        audit.write(request, decision.purpose().id(), AuditAction.CREATE, subjects, PERSON, allFields);
        return results;
    }

    /**
     * Changes some fields of a person; a null or blank value clears the field. Blind indexes follow.
     *
     * @throws io.custodia.crypto.SubjectKeyMissingException when the person was erased
     */
    @Transactional
    public WriteResult updatePerson(AccessRequest request, SubjectId subject, Map<String, @Nullable String> values) {
        Decision decision = refusedIsAudited(request, AuditAction.UPDATE, subject,
                () -> ownRecordOnly(request, List.of(subject), policy.decideWrite(request.actor(), request.purpose(), PERSON, values.keySet())));
        requireBasis(request, AuditAction.UPDATE, decision.purpose(), subject);
        if (values.isEmpty()) {
            return WriteResult.clean();
        }
        Map<String, Set<String>> scans = refusedIsAudited(request, AuditAction.UPDATE, subject, () -> scanEach(values));
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE person_data SET updated_at = ?");
        params.add(Timestamp.from(clock.instant()));
        for (var entry : values.entrySet()) {
            FieldDefinition field = policy.fields().get(entry.getKey());
            storedColumns(List.of(field)).forEach(name -> sql.append(", ").append(name).append(" = ?"));
            params.addAll(encrypted(subject, "person_data", subject.value(), field, entry.getValue(), scans.get(field.id())));
        }
        sql.append(" WHERE subject_id = ?");
        params.add(subject.value());
        if (jdbc.sql(sql.toString()).params(params).update() == 0) {
            throw new io.custodia.crypto.SubjectKeyMissingException(subject);
        }
        reindex(subject, values);
        audit.write(request, decision.purpose().id(), AuditAction.UPDATE, List.of(subject), PERSON, values.keySet());
        return WriteResult.of(scans);
    }

    /**
     * Whether the person's record holds a value in at least one of these fields: the stored columns are tested for
     * null, no value is read or decrypted (so this is not a read of personal data, and records nothing).
     */
    @Transactional(readOnly = true, propagation = org.springframework.transaction.annotation.Propagation.SUPPORTS)
    public boolean holdsAny(SubjectId subject, java.util.Collection<String> fieldIds) {
        String any = fieldIds.stream().map(id -> {
            FieldDefinition field = policy.fields().get(id);
            if (field == null || !field.record().equals(PERSON)) throw new IllegalArgumentException("not a field of the person: " + id);
            return field.name() + " IS NOT NULL";
        }).collect(java.util.stream.Collectors.joining(" OR "));
        return jdbc.sql("SELECT COUNT(*) FROM person_data WHERE subject_id = ? AND (" + any + ")").param(subject.value())
                .query(Long.class).single() > 0;
    }

    /** Stores the fields of a new interaction of a person: a CREATE entry. */
    @Transactional
    public WriteResult createInteraction(AccessRequest request, SubjectId subject, UUID record, Map<String, String> values) {
        return writeInteraction(request, AuditAction.CREATE, subject, record, values);
    }

    /** Replaces the fields of an interaction of a person: an UPDATE entry. */
    @Transactional
    public WriteResult writeInteraction(AccessRequest request, SubjectId subject, UUID record, Map<String, String> values) {
        return writeInteraction(request, AuditAction.UPDATE, subject, record, values);
    }

    /**
     * Records a change of an interaction's plain columns (its kind, its time: no personal value is encrypted for them, but
     * they say what happened to whom, when), after the same checks as a write of its summary: the purpose may write
     * interactions and holds for this person now.
     *
     * @param changed the names of the columns changed, from the caller's own code ({@code kind}, {@code occurredAt})
     */
    @Transactional
    public void interactionChanged(AccessRequest request, SubjectId subject, UUID record, Collection<String> changed) {
        Purpose purpose = refusedIsAudited(request, AuditAction.UPDATE, subject, () -> ownRecordOnly(request, List.of(subject),
                policy.decideWrite(request.actor(), request.purpose(), INTERACTION, Set.of(INTERACTION + ".summary")))).purpose();
        requireBasis(request, AuditAction.UPDATE, purpose, subject);
        audit.write(request, purpose.id(), AuditAction.UPDATE, List.of(subject), INTERACTION + " " + record + "; changed="
                + String.join(",", new java.util.TreeSet<>(changed)), List.of());
    }

    private WriteResult writeInteraction(AccessRequest request, AuditAction action, SubjectId subject, UUID record, Map<String, String> values) {
        // an interaction without a summary is still one: the purpose must cover interactions to record it
        Set<String> fields = values.isEmpty() ? Set.of(INTERACTION + ".summary") : values.keySet();
        Decision decision = refusedIsAudited(request, action, subject,
                () -> ownRecordOnly(request, List.of(subject), policy.decideWrite(request.actor(), request.purpose(), INTERACTION, fields)));
        requireBasis(request, action, decision.purpose(), subject);
        Map<String, Set<String>> scans = refusedIsAudited(request, action, subject, () -> scanEach(values));
        List<FieldDefinition> columns = policy.fields().values().stream().filter(f -> f.record().equals(INTERACTION)).toList();
        jdbc.sql("DELETE FROM interaction_data WHERE record_id = ?").param(record).update();
        List<String> names = storedColumns(columns);
        String sql = "INSERT INTO interaction_data (record_id, subject_id, updated_at, " + String.join(", ", names)
                + ") VALUES (?, ?, ?" + ", ?".repeat(names.size()) + ")";
        List<Object> params = new ArrayList<>(List.of(record, subject.value(), Timestamp.from(clock.instant())));
        for (FieldDefinition column : columns) {
            params.addAll(encrypted(subject, "interaction_data", record, column, values.get(column.id()), scans.get(column.id())));
        }
        jdbc.sql(sql).params(params).update();
        audit.write(request, decision.purpose().id(), action, List.of(subject), INTERACTION + " " + record, values.keySet());
        return WriteResult.of(scans);
    }

    /** Deletes an interaction's encrypted fields. */
    @Transactional
    public void deleteInteraction(AccessRequest request, SubjectId subject, UUID record) {
        // deleting the summary is a write of it: the purpose must cover it, and hold for this person now
        Purpose purpose = refusedIsAudited(request, AuditAction.DELETE, subject, () -> ownRecordOnly(request, List.of(subject),
                policy.decideWrite(request.actor(), request.purpose(), INTERACTION, Set.of(INTERACTION + ".summary")))).purpose();
        requireBasis(request, AuditAction.DELETE, purpose, subject);
        if (jdbc.sql("DELETE FROM interaction_data WHERE record_id = ? AND subject_id = ?").params(record, subject.value()).update() > 0) {
            audit.write(request, purpose.id(), AuditAction.DELETE, List.of(subject), INTERACTION + " " + record, List.of());
        }
    }

    /**
     * Erases a person: destroys the data key first (every ciphertext, in backups too, becomes
     * unreadable), then deletes the vault rows and blind indexes (invariant 6).
     */
    @Transactional
    public void erase(AccessRequest request, SubjectId subject) {
        erase(request, subject, Set.of());
    }

    /**
     * Seals an attachment of a person's request (a signed declaration, an agent's proof of permission, a proposed
     * correction) under the person's own data key, bound to where it is stored: erasing the person makes every copy
     * unreadable, in backups too (invariants 1 and 6).
     *
     * @throws io.custodia.crypto.SubjectKeyMissingException when the person was erased
     */
    public byte[] seal(SubjectId subject, String table, String column, UUID record, byte[] content) {
        return crypto.encrypt(subject, new CipherContext(table, column, record), java.util.Base64.getEncoder().encodeToString(content));
    }

    /**
     * Opens what {@link #seal} sealed. The caller records the read in the ledger (it knows what it shows and why).
     *
     * @throws io.custodia.crypto.SubjectKeyMissingException when the person was erased
     */
    public byte[] open(SubjectId subject, String table, String column, UUID record, byte[] sealed) {
        return java.util.Base64.getDecoder().decode(crypto.decrypt(subject, new CipherContext(table, column, record), sealed));
    }

    /**
     * Erases a person except the fields of their record a legal obligation requires to be kept (GDPR Art.
     * 17(3)(b)): their values are read, the data key is destroyed all the same (every other ciphertext of the
     * person, in backups too, becomes unreadable), and the kept values alone are sealed again under a new key.
     * Interactions, blind indexes of the fields not kept and every other field go. With nothing to keep, a total
     * erasure. The ledger entry names the fields kept.
     *
     * @param keep data map ids of person fields ({@code person.last_name}, …)
     * @return the fields actually kept (those that held a value); empty when the erasure was total
     * @throws IllegalArgumentException when a field to keep is not a field of the person record
     */
    @Transactional
    public Set<String> erase(AccessRequest request, SubjectId subject, Set<String> keep) {
        for (String id : keep) {
            FieldDefinition field = policy.fields().get(id);
            if (field == null || !field.record().equals(PERSON)) throw new IllegalArgumentException(id + " is not a field of the person record");
        }
        Purpose purpose = refusedIsAudited(request, AuditAction.ERASE, subject,
                () -> ownRecordOnly(request, List.of(subject), policy.decideErasure(request.actor(), request.purpose())));
        Map<String, @Nullable String> kept = new LinkedHashMap<>();
        for (String id : new TreeSet<>(keep)) {
            String value = crypto.hasKey(subject) ? decryptColumn(subject, policy.fields().get(id)) : null;
            if (value != null) kept.put(id, value);
        }
        audit.write(request, purpose.id(), AuditAction.ERASE, List.of(subject), kept.isEmpty() ? PERSON : PERSON + " except kept", kept.keySet());
        crypto.shred(subject);
        // a read that raced the erasure may have cached the key again from its snapshot: forget it at commit too
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    crypto.forgetCached(List.of(subject));
                }
            });
        }
        jdbc.sql("DELETE FROM blind_index WHERE subject_id = ?").param(subject.value()).update();
        jdbc.sql("DELETE FROM interaction_data WHERE subject_id = ?").param(subject.value()).update();
        jdbc.sql("DELETE FROM person_data WHERE subject_id = ?").param(subject.value()).update();
        if (!kept.isEmpty()) {
            crypto.createKeys(List.of(subject));
            Map<String, Set<String>> scans = scanEach(kept);
            List<FieldDefinition> columns = policy.fields().values().stream().filter(f -> f.record().equals(PERSON)).toList();
            List<String> names = storedColumns(columns);
            List<@Nullable Object> params = new ArrayList<>(List.of(subject.value(), Timestamp.from(clock.instant())));
            for (FieldDefinition column : columns) {
                params.addAll(encrypted(subject, "person_data", subject.value(), column, kept.get(column.id()), scans.get(column.id())));
            }
            jdbc.sql("INSERT INTO person_data (subject_id, updated_at, " + String.join(", ", names) + ") VALUES (?, ?" + ", ?".repeat(names.size()) + ")")
                    .params(params).update();
            template.batchUpdate("INSERT INTO blind_index (kind, digest, subject_id) VALUES (?, ?, ?)", indexRows(subject, kept));
        }
        events.publishEvent(new SubjectErased(subject, kept.keySet()));
        return Set.copyOf(kept.keySet());
    }

    /**
     * Whether the person's stored data goes beyond these fields of their record: an interaction, or a value in
     * another field. After an erasure that kept those fields it does not, unless a restore brought the rest back.
     */
    @Transactional(readOnly = true)
    public boolean holdsMoreThan(SubjectId subject, Set<String> fields) {
        if (jdbc.sql("SELECT COUNT(*) FROM interaction_data WHERE subject_id = ?").param(subject.value()).query(Long.class).single() > 0) return true;
        List<String> others = policy.fields().values().stream().filter(f -> f.record().equals(PERSON) && !fields.contains(f.id()))
                .map(FieldDefinition::name).toList();
        if (others.isEmpty()) return false;
        return jdbc.sql("SELECT COUNT(*) FROM person_data WHERE subject_id = ? AND (" + String.join(" IS NOT NULL OR ", others) + " IS NOT NULL)")
                .param(subject.value()).query(Long.class).single() > 0;
    }

    /**
     * What the scanner finds in a text that is not personal data by design (a deal title): the kinds of
     * identifiers and special categories (e.g. {@code EMAIL}, {@code SPECIAL_CATEGORY:health}), never
     * values, so the caller can refuse it. Empty when the text is clean.
     */
    public Set<String> personalDataIn(String text) {
        if (text == null || text.isBlank()) return Set.of();
        return flagsOf(scanner.scan(text));
    }

    /** A scan's findings as flags: kinds of identifiers and special categories, never values. */
    private static Set<String> flagsOf(ScanResult result) {
        Set<String> flags = new TreeSet<>();
        result.kinds().forEach(k -> {
            if (k != io.custodia.access.scan.FindingKind.SPECIAL_CATEGORY) flags.add(k.name());
        });
        result.specialCategories().forEach(c -> flags.add("SPECIAL_CATEGORY:" + c));
        return flags;
    }

    // ---------------------------------------------------------------- reads

    /** One person, projected to the purpose; empty when unknown or erased. */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Optional<PersonalView> readPerson(AccessRequest request, SubjectId subject) {
        return Optional.ofNullable(readPersons(request, List.of(subject), true).get(subject));
    }

    /**
     * Many persons at once (list pages), projected to the purpose, in the order asked. A person for whom the
     * purpose's legal basis does not hold now (consent withdrawn, objection, restriction) is left out, and
     * the refusal recorded: a list of one is a list like any other.
     */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Map<SubjectId, PersonalView> readPersons(AccessRequest request, Collection<SubjectId> subjects) {
        return readPersons(request, subjects, false);
    }

    /**
     * For a list whose pages and count must be what its reader is shown: the joins to add after the table holding
     * {@code subjectColumn}, and the condition that keeps the persons the request's purpose's legal basis holds for now,
     * decided by the policy's own rules ({@link AccessPolicy#basisReasonSql}), so the list reads no one it would then
     * leave out. The purpose is checked, and a refusal recorded, as a read's is.
     */
    public BasisFilter basisHolds(AccessRequest request, String subjectColumn) {
        Decision decision = refusedIsAudited(request, AuditAction.READ, null,
                () -> ownRecordOnly(request, List.of(), policy.decideRead(request.actor(), request.purpose(), PERSON)));
        if (basisStates == null) return BasisFilter.EVERYONE;
        BasisStateSource.ManyJoin join = basisStates.joinForMany(subjectColumn, "bh");
        String reason = policy.basisReasonSql(decision.purpose(), join.status(), join.restricted(), join.optedOut());
        if (!reason.startsWith("CASE")) return BasisFilter.EVERYONE;
        return new BasisFilter(join.sql(), reason + " IS NULL", Map.of("basis_purpose", decision.purpose().id()));
    }

    /** What {@link #basisHolds} gives: joins, a condition, and the named parameters they use. */
    public record BasisFilter(String join, String condition, Map<String, Object> params) {
        static final BasisFilter EVERYONE = new BasisFilter("", "1 = 1", Map.of());
    }

    /** @param one a read of one person (their page): a refusal is thrown, with its reason, instead of leaving them out */
    private Map<SubjectId, PersonalView> readPersons(AccessRequest request, Collection<SubjectId> subjects, boolean one) {
        Decision decision = refusedIsAudited(request, AuditAction.READ, subjects.size() == 1 ? subjects.iterator().next() : null,
                () -> ownRecordOnly(request, subjects, policy.decideRead(request.actor(), request.purpose(), PERSON)));
        Map<SubjectId, BasisRefusal> refused = new LinkedHashMap<>();
        Map<SubjectId, PersonalView> found = readPersons(decision, subjects, refused);
        if (!refused.isEmpty()) {
            if (one) {
                var only = refused.entrySet().iterator().next();
                BasisRefusedException refusal = new BasisRefusedException(only.getKey(), only.getValue());
                audit.denied(request, AuditAction.READ, only.getKey(), refusal);
                throw refusal;
            }
            audit.basisRefused(request, AuditAction.READ, refused);
        }
        readAudited(request, decision, found.values(), PERSON);
        return found;
    }

    /**
     * Records the reads, one entry per person: the fields returned and withheld, and apart those left out
     * because the person limited the use of their sensitive information.
     */
    private void readAudited(AccessRequest request, Decision decision, Collection<PersonalView> views, String record) {
        Map<Set<String>, List<SubjectId>> byLimit = new LinkedHashMap<>();
        for (PersonalView view : views) byLimit.computeIfAbsent(view.limited(), k -> new ArrayList<>()).add(view.subject());
        byLimit.forEach((limited, subjects) -> audit.read(request, decision.purpose().id(), subjects, record, decision.permitted(),
                decision.withheld(), limited));
    }

    /**
     * Reads and decrypts the rows of these persons for which the purpose's basis holds; the others go into
     * {@code refused} with the reason, undecrypted.
     */
    private Map<SubjectId, PersonalView> readPersons(Decision decision, Collection<SubjectId> subjects, Map<SubjectId, BasisRefusal> refused) {
        Map<SubjectId, PersonalView> found = new LinkedHashMap<>();
        if (subjects.isEmpty()) {
            return found;
        }
        PersonRead plan = personReads.computeIfAbsent(decision, this::personRead);
        List<FieldDefinition> columns = plan.columns();
        String select = plan.select();
        Purpose purpose = decision.purpose();
        Map<SubjectId, PersonalView> byId = new LinkedHashMap<>();
        List<UUID> ids = subjects.stream().map(SubjectId::value).distinct().toList();
        for (int from = 0; from < ids.size(); from += 500) {
            var statement = jdbc.sql(select).param("ids", ids.subList(from, Math.min(ids.size(), from + 500)));
            if (basisStates != null) statement = statement.param("basis_purpose", purpose.id());
            statement.query((rs, n) -> {
                SubjectId subject = new SubjectId(rs.getObject(1, UUID.class));
                if (crypto.offerWrappedKey(subject, rs.getBytes(2))) {
                    BasisState state = basisState(rs, 3);
                    BasisRefusal refusal = policy.decideBasis(purpose, state);
                    if (refusal == null) {
                        byId.put(subject, view(rs, 8, subject, subject.value(), "person_data", columns, decision,
                                policy.limitsSensitive(purpose, state)));
                    } else {
                        refused.put(subject, refusal);
                    }
                }
                return subject;
            }).list();
        }
        for (SubjectId subject : subjects) {
            PersonalView view = byId.get(subject);
            if (view != null) found.put(subject, view);
        }
        return found;
    }

    /** The columns a decision lets one read of persons decrypt, and the statement that reads them. */
    private record PersonRead(List<FieldDefinition> columns, String select) {
    }

    /**
     * The statement of each decision met (a few per purpose: the data map is fixed while the application runs, and
     * the policy hands out one decision per purpose and record), so a read does not build it again.
     */
    private final java.util.concurrent.ConcurrentHashMap<Decision, PersonRead> personReads = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One query: the rows, their wrapped data keys and the person's consent state for the purpose; a row whose key
     * was destroyed is skipped.
     */
    private PersonRead personRead(Decision decision) {
        List<FieldDefinition> columns = permittedColumns(decision, PERSON);
        BasisStateSource.OneJoin basis = basisStates == null ? null : basisStates.joinForOne("p.subject_id", postgres());
        String select = selectList("p.subject_id, " + SubjectCrypto.WRAPPED_KEY_COLUMN + ", "
                + (basis == null ? "NULL, NULL, NULL, NULL, NULL" : basis.columns()), storedColumns(columns), "p.")
                + " FROM person_data p" + SubjectCrypto.wrappedKeyJoin("p.subject_id")
                + (basis == null ? "" : basis.sql()) + " WHERE p.subject_id IN (:ids)";
        return new PersonRead(columns, select);
    }

    private static BasisState basisState(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        String status = rs.getString(first);
        java.time.OffsetDateTime since = rs.getObject(first + 1, java.time.OffsetDateTime.class);
        java.time.OffsetDateTime restricted = rs.getObject(first + 2, java.time.OffsetDateTime.class);
        java.time.OffsetDateTime optedOut = rs.getObject(first + 3, java.time.OffsetDateTime.class);
        java.time.OffsetDateTime limited = rs.getObject(first + 4, java.time.OffsetDateTime.class);
        if (status == null && restricted == null && optedOut == null && limited == null) return BasisState.NONE;
        return new BasisState(status, since == null ? null : since.toInstant(), restricted == null ? null : restricted.toInstant(),
                optedOut == null ? null : optedOut.toInstant(), limited == null ? null : limited.toInstant());
    }

    /** A person acting for themself (the privacy centre) may touch their own record and no other. */
    private static <T> T ownRecordOnly(AccessRequest request, Collection<SubjectId> subjects, T decision) {
        if (request.actor().kind() == io.custodia.identity.Actor.Kind.SUBJECT
                && !subjects.stream().allMatch(s -> s.value().toString().equals(request.actor().id()))) {
            throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED,
                    "A person acting for themself may use their own record only", List.of());
        }
        return decision;
    }

    /**
     * Refuses, and records the refusal, when the purpose's legal basis does not hold for this person now.
     *
     * @throws BasisRefusedException naming why
     */
    private BasisState requireBasis(AccessRequest request, AuditAction attempted, Purpose purpose, SubjectId subject) {
        if (basisStates == null) return BasisState.NONE;
        BasisState state = basisStates.stateOf(subject, purpose.id());
        BasisRefusal refusal = policy.decideBasis(purpose, state);
        if (refusal != null) {
            BasisRefusedException refused = new BasisRefusedException(subject, refusal);
            audit.denied(request, attempted, subject, refused);
            throw refused;
        }
        return state;
    }

    /** The interactions of one person, projected to the purpose. */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Map<UUID, PersonalView> readInteractions(AccessRequest request, SubjectId subject, Collection<UUID> records) {
        Decision decision = refusedIsAudited(request, AuditAction.READ, subject,
                () -> ownRecordOnly(request, List.of(subject), policy.decideRead(request.actor(), request.purpose(), INTERACTION)));
        Map<UUID, PersonalView> found = new LinkedHashMap<>();
        if (records.isEmpty() || !crypto.hasKey(subject)) {
            return found;
        }
        boolean limit = policy.limitsSensitive(decision.purpose(), requireBasis(request, AuditAction.READ, decision.purpose(), subject));
        List<FieldDefinition> columns = permittedColumns(decision, INTERACTION);
        String select = selectList("record_id", storedColumns(columns), "") + " FROM interaction_data WHERE subject_id = :subject AND record_id IN (:ids)";
        jdbc.sql(select).param("subject", subject.value()).param("ids", List.copyOf(records)).query((rs, n) -> {
            UUID record = rs.getObject(1, UUID.class);
            found.put(record, view(rs, 2, subject, record, "interaction_data", columns, decision, limit));
            return record;
        }).list();
        if (!found.isEmpty()) {
            Set<String> limited = new TreeSet<>();
            found.values().forEach(v -> limited.addAll(v.limited()));
            audit.read(request, decision.purpose().id(), List.of(subject), INTERACTION + "s " + found.size(), decision.permitted(),
                    decision.withheld(), limited);
        }
        return found;
    }

    // ---------------------------------------------------------------- searches

    /** Persons whose emails include this one (exact, case-insensitive), through the blind index. */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<SubjectId> findByEmail(AccessRequest request, String email) {
        Decision decision = requireSearchable(request, IndexKind.EMAIL);
        return audited(request, decision, "email", lookup("email", Normalizer.email(email)));
    }

    /** Persons with this phone number, whatever its formatting, through the blind index. */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<SubjectId> findByPhone(AccessRequest request, String phone) {
        Decision decision = requireSearchable(request, IndexKind.PHONE);
        return audited(request, decision, "phone", lookup("phone", Normalizer.phone(phone)));
    }

    /** The persons who work for an organisation (its contacts), through the blind index. */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<SubjectId> findByOrganisation(AccessRequest request, UUID organisation) {
        Decision decision = requireSearchable(request, IndexKind.ORGANISATION);
        // erasure deletes a person's index rows with their key, so no key check per contact is needed here
        return audited(request, decision, "organisation", jdbc.sql("SELECT subject_id FROM blind_index WHERE kind = 'org' AND digest = ?")
                .param(blindIndex.digest("org", organisation.toString()))
                .query((rs, n) -> new SubjectId(rs.getObject(1, UUID.class))).list());
    }

    /**
     * How many persons work for each of these organisations: counts only, which reveal nothing about
     * any one person, so no purpose is needed (organisation lists, the check before deleting one).
     */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Map<UUID, Long> contactCounts(Collection<UUID> organisations) {
        Map<String, UUID> byDigest = new LinkedHashMap<>();
        organisations.forEach(o -> byDigest.put(blindIndex.digest("org", o.toString()), o));
        Map<UUID, Long> counts = new LinkedHashMap<>();
        organisations.forEach(o -> counts.put(o, 0L));
        if (byDigest.isEmpty()) return counts;
        List<String> digests = List.copyOf(byDigest.keySet());
        for (int from = 0; from < digests.size(); from += 500) {
            jdbc.sql("SELECT digest, COUNT(*) FROM blind_index WHERE kind = 'org' AND digest IN (:digests) GROUP BY digest")
                    .param("digests", digests.subList(from, Math.min(digests.size(), from + 500)))
                    .query((rs, n) -> {
                        counts.put(byDigest.get(rs.getString(1)), rs.getLong(2));
                        return n;
                    }).list();
        }
        return counts;
    }

    /**
     * Persons whose first or last name starts with every word of the query (accents and case ignored),
     * sorted by last then first name. The blind index narrows to a bucket of 3- or 5-letter prefixes,
     * then the candidates' names are decrypted under the purpose and matched exactly.
     *
     * @throws SearchRefusedException when the query has no word of 3+ letters or matches too many people
     */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<SubjectId> searchByName(AccessRequest request, String query, int limit) {
        Decision decision = requireSearchable(request, IndexKind.NAME);
        List<String> words = Normalizer.nameTokens(query);
        String longest = words.stream().max(java.util.Comparator.comparingInt(String::length)).orElse("");
        if (longest.length() < Normalizer.NAME_SHORT) {
            throw new SearchRefusedException(SearchRefusedException.Reason.TOO_SHORT, "Type at least " + Normalizer.NAME_SHORT + " letters of a first or last name");
        }
        String kind = longest.length() >= Normalizer.NAME_LONG ? "name5" : "name3";
        String prefix = longest.substring(0, kind.equals("name5") ? Normalizer.NAME_LONG : Normalizer.NAME_SHORT);
        List<SubjectId> candidates = jdbc.sql("SELECT subject_id FROM blind_index WHERE kind = ? AND digest = ? LIMIT " + (MAX_NAME_CANDIDATES + 1))
                .params(kind, blindIndex.digest(kind, prefix)).query((rs, n) -> new SubjectId(rs.getObject(1, UUID.class))).list();
        if (candidates.size() > MAX_NAME_CANDIDATES) {
            throw new SearchRefusedException(SearchRefusedException.Reason.TOO_BROAD, "More than " + MAX_NAME_CANDIDATES + " people match; type more letters or search by email");
        }
        // persons for whom the purpose's basis does not hold are not candidates: they are neither decrypted nor found
        Map<SubjectId, PersonalView> views = readPersons(decision, candidates, new LinkedHashMap<>());
        record Match(SubjectId subject, String sortKey) {
        }
        List<Match> matches = new ArrayList<>();
        for (PersonalView view : views.values()) {
            List<String> nameTokens = new ArrayList<>();
            nameTokens.addAll(Normalizer.nameTokens(orEmpty(view.get("person.first_name"))));
            nameTokens.addAll(Normalizer.nameTokens(orEmpty(view.get("person.last_name"))));
            if (words.stream().allMatch(w -> nameTokens.stream().anyMatch(t -> t.startsWith(w)))) {
                matches.add(new Match(view.subject(), String.join(" ", Normalizer.nameTokens(orEmpty(view.get("person.last_name"))))
                        + "\u0000" + String.join(" ", Normalizer.nameTokens(orEmpty(view.get("person.first_name"))))));
            }
        }
        return audited(request, decision, "name",
                matches.stream().sorted(java.util.Comparator.comparing(Match::sortKey)).limit(limit).map(Match::subject).toList());
    }

    // ---------------------------------------------------------------- internals

    private Decision requireSearchable(AccessRequest request, IndexKind kind) {
        return refusedIsAudited(request, AuditAction.SEARCH, null, () -> {
            if (request.actor().kind() == io.custodia.identity.Actor.Kind.SUBJECT) {
                throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED,
                        "A person acting for themself uses their own record only and cannot search", List.of());
            }
            Decision decision = policy.decideRead(request.actor(), request.purpose(), PERSON);
            boolean covered = policy.fields().values().stream().anyMatch(f -> f.index() == kind && decision.permits(f.id()));
            if (!covered) {
                throw new PurposeRefusedException(PurposeRefusedException.Reason.NOT_GRANTED,
                        "The purpose '" + decision.purpose().id() + "' does not cover the fields a " + kind.name().toLowerCase()
                                + " search reads; choose another purpose",
                        policy.purposesOf(request.actor()).stream().map(p -> p.id()).toList());
            }
            return decision;
        });
    }

    private List<SubjectId> audited(AccessRequest request, Decision decision, String kind, List<SubjectId> results) {
        audit.search(request, decision.purpose().id(), kind, results.size());
        return results;
    }

    // ---------------------------------------------------------------- for counting many persons (audiences)

    /**
     * The keyed digest of an email address, as its blind index holds it: what a suppression list keeps
     * instead of the address. Empty for a blank address.
     */
    public java.util.Optional<String> emailDigest(String email) {
        String normalised = Normalizer.email(email);
        return normalised.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(blindIndex.digest("email", normalised));
    }

    /**
     * The persons whose email digest is listed in {@code column} of {@code table} (a short list of digests: the
     * suppression list), as a subquery {@code (subject_id)}; no address is read or decrypted. On PostgreSQL
     * each listed digest is looked up on the index's key ({@code LATERAL … OFFSET 0}, which the planner would
     * otherwise turn into a scan of every person's digest); elsewhere, a join.
     */
    public String personsWithEmailDigestIn(String table, String column) {
        if (postgres()) {
            return "SELECT DISTINCT e.subject_id FROM " + table + " l CROSS JOIN LATERAL (SELECT bi.subject_id FROM blind_index bi"
                    + " WHERE bi.kind = 'email' AND bi.digest = l." + column + " OFFSET 0) e";
        }
        return "SELECT DISTINCT bi.subject_id FROM " + table + " l JOIN blind_index bi ON bi.kind = 'email' AND bi.digest = l." + column;
    }

    private volatile @Nullable Boolean postgres;

    /** Whether the database is PostgreSQL (where some statements take a faster form H2 lacks, such as full joins). */
    public boolean onPostgres() {
        return postgres();
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = Boolean.TRUE.equals(template.execute((java.sql.Connection c) ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgresql")));
            postgres = known;
        }
        return known;
    }

    /**
     * A condition: the person in {@code subjectColumn} has one of these values in a field indexed by value
     * ({@code exact} or {@code each}), matched through its keyed index, never decrypted.
     *
     * @param param the name of the SQL parameter to bind the digests to (unique within the statement)
     * @throws IllegalArgumentException when the field is not indexed by value
     */
    public SqlFragment hasAnyOf(String subjectColumn, String fieldId, java.util.Collection<String> values, String param) {
        FieldDefinition field = policy.fields().get(fieldId);
        if (field == null || (field.index() != IndexKind.EXACT && field.index() != IndexKind.EACH)) {
            throw new IllegalArgumentException("The data map does not index " + fieldId + " by value (index: exact or each)");
        }
        String kind = valueKind(field);
        List<String> digests = values.stream().map(Normalizer::exact).filter(v -> !v.isEmpty()).distinct()
                .map(v -> blindIndex.digest(kind, v)).toList();
        if (digests.isEmpty()) return SqlFragment.of("1 = 0");
        String alias = "vb_" + param;
        return new SqlFragment(subjectColumn + " IN (SELECT " + alias + ".subject_id FROM blind_index " + alias + " WHERE " + alias
                + ".kind = '" + kind + "' AND " + alias + ".digest IN (:" + param + "))", Map.of(param, digests));
    }

    /** A condition: the person in {@code subjectColumn} works for this organisation (through its keyed index). */
    public SqlFragment worksFor(String subjectColumn, UUID organisation) {
        return new SqlFragment(subjectColumn + " IN (SELECT ob.subject_id FROM blind_index ob WHERE ob.kind = 'org' AND ob.digest = :org_digest)",
                Map.of("org_digest", blindIndex.digest("org", organisation.toString())));
    }

    /** Runs a policy decision or a scan; a refusal is recorded in the ledger before it reaches the caller. */
    private <T> T refusedIsAudited(AccessRequest request, AuditAction attempted, @Nullable SubjectId subject,
            java.util.function.Supplier<T> decision) {
        try {
            return decision.get();
        } catch (PurposeRefusedException | FieldRefusedException | NoteRefusedException refused) {
            audit.denied(request, attempted, subject, refused);
            throw refused;
        }
    }

    private List<SubjectId> lookup(String kind, String normalised) {
        if (normalised.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT subject_id FROM blind_index WHERE kind = ? AND digest = ?")
                .params(kind, blindIndex.digest(kind, normalised))
                .query((rs, n) -> new SubjectId(rs.getObject(1, UUID.class))).list()
                .stream().filter(crypto::hasKey).toList();
    }

    private List<Object[]> indexRows(SubjectId subject, Map<String, ? extends @Nullable String> values) {
        Set<List<String>> entries = new LinkedHashSet<>();
        for (var entry : values.entrySet()) {
            FieldDefinition field = policy.fields().get(entry.getKey());
            String value = blankToNull(entry.getValue());
            if (field == null || value == null) continue;
            switch (field.index()) {
                case EMAIL -> value.lines().map(String::strip).filter(v -> !v.isEmpty())
                        .forEach(v -> entries.add(List.of("email", Normalizer.email(v))));
                case PHONE -> value.lines().map(String::strip).filter(v -> !v.isEmpty())
                        .forEach(v -> entries.add(List.of("phone", Normalizer.phone(v))));
                case NAME -> Normalizer.nameTokens(value).forEach(token ->
                        Normalizer.namePrefixes(token).forEach(p -> entries.add(List.of(p[0], p[1]))));
                case ORGANISATION -> entries.add(List.of("org", value.strip().toLowerCase(java.util.Locale.ROOT)));
                case EXACT -> entries.add(List.of(valueKind(field), Normalizer.exact(value)));
                case EACH -> value.lines().map(Normalizer::exact).filter(v -> !v.isEmpty())
                        .forEach(v -> entries.add(List.of(valueKind(field), v)));
                case NONE -> { }
            }
        }
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (List<String> e : entries) {
            rows.add(new Object[] {e.get(0), blindIndex.digest(e.get(0), e.get(1)), subject.value()});
        }
        return rows;
    }

    /** Rewrites the blind indexes a change touches; names need both name fields, so the other is read back. */
    private void reindex(SubjectId subject, Map<String, @Nullable String> changed) {
        Set<IndexKind> kinds = new TreeSet<>();
        for (String fieldId : changed.keySet()) {
            IndexKind kind = policy.fields().get(fieldId).index();
            if (kind != IndexKind.NONE) kinds.add(kind);
        }
        if (kinds.isEmpty()) return;
        Map<String, @Nullable String> current = new LinkedHashMap<>();
        for (FieldDefinition field : policy.fields().values()) {
            if (field.record().equals(PERSON) && kinds.contains(field.index())) {
                current.put(field.id(), changed.containsKey(field.id()) ? changed.get(field.id()) : decryptColumn(subject, field));
            }
        }
        Set<String> dbKinds = new TreeSet<>();
        for (String fieldId : current.keySet()) dbKinds.addAll(indexKinds(policy.fields().get(fieldId)));
        jdbc.sql("DELETE FROM blind_index WHERE subject_id = :subject AND kind IN (:kinds)")
                .param("subject", subject.value()).param("kinds", dbKinds).update();
        template.batchUpdate("INSERT INTO blind_index (kind, digest, subject_id) VALUES (?, ?, ?)", indexRows(subject, current));
    }

    /**
     * Rewrites the blind-index rows of these kinds for a batch of persons from their stored values: how a kind
     * the data map newly declares comes to hold the persons stored before ({@link BlindIndexBuild}). Each
     * person's row is locked while it is read, so a concurrent update is neither lost nor overwritten; a person
     * erased meanwhile is skipped.
     *
     * @return how many persons were indexed
     */
    @Transactional
    int rebuildIndexes(Set<String> kinds, List<SubjectId> batch) {
        List<FieldDefinition> fields = policy.fields().values().stream()
                .filter(f -> f.record().equals(PERSON) && indexKinds(f).stream().anyMatch(kinds::contains)).toList();
        if (fields.isEmpty() || batch.isEmpty()) return 0;
        String sql = "SELECT subject_id, " + String.join(", ", fields.stream().map(FieldDefinition::name).toList())
                + " FROM person_data WHERE subject_id IN (:ids) FOR UPDATE";
        List<Object[]> rows = new ArrayList<>();
        List<UUID> indexed = new ArrayList<>();
        jdbc.sql(sql).param("ids", batch.stream().map(SubjectId::value).toList()).query(rs -> {
            SubjectId subject = new SubjectId(rs.getObject(1, UUID.class));
            if (!crypto.hasKey(subject)) return;
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                byte[] ciphertext = rs.getBytes(i + 2);
                if (ciphertext != null) {
                    values.put(fields.get(i).id(), crypto.decrypt(subject, new CipherContext("person_data", fields.get(i).name(),
                            subject.value()), ciphertext));
                }
            }
            indexRows(subject, values).stream().filter(r -> kinds.contains((String) r[0])).forEach(rows::add);
            indexed.add(subject.value());
        });
        if (indexed.isEmpty()) return 0;
        jdbc.sql("DELETE FROM blind_index WHERE kind IN (:kinds) AND subject_id IN (:ids)").param("kinds", kinds)
                .param("ids", indexed).update();
        template.batchUpdate("INSERT INTO blind_index (kind, digest, subject_id) VALUES (?, ?, ?)", rows);
        return indexed.size();
    }

    /** Every kind of blind-index row the data map's person fields write. */
    Set<String> declaredIndexKinds() {
        Set<String> kinds = new TreeSet<>();
        policy.fields().values().stream().filter(f -> f.record().equals(PERSON)).forEach(f -> kinds.addAll(indexKinds(f)));
        return kinds;
    }

    /** The kinds of blind-index rows a field writes (none for an unindexed field). */
    static List<String> indexKinds(FieldDefinition field) {
        return switch (field.index()) {
            case NONE -> List.of();
            case EMAIL -> List.of("email");
            case PHONE -> List.of("phone");
            case NAME -> List.of("name3", "name5");
            case ORGANISATION -> List.of("org");
            case EXACT, EACH -> List.of(valueKind(field));
        };
    }

    /** The blind-index kind of a field indexed by value: its own, so a language never matches a tag. */
    private static String valueKind(FieldDefinition field) {
        return "v:" + field.name();
    }

    private @Nullable String decryptColumn(SubjectId subject, FieldDefinition field) {
        byte[] ciphertext = jdbc.sql("SELECT " + field.name() + " FROM person_data WHERE subject_id = ?")
                .param(subject.value()).query((rs, n) -> rs.getBytes(1)).optional().orElse(null);
        return ciphertext == null ? null
                : crypto.decrypt(subject, new CipherContext("person_data", field.name(), subject.value()), ciphertext);
    }

    /**
     * Scans each free-text field given (invariant 5): what it finds, per field, as flags (kinds and special
     * categories, never values).
     *
     * @throws NoteRefusedException when a text holds what must never be stored (a payment card number)
     */
    private Map<String, Set<String>> scanEach(Map<String, ? extends @Nullable String> values) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        for (var entry : values.entrySet()) {
            FieldDefinition field = policy.fields().get(entry.getKey());
            String value = entry.getValue();
            if (field == null || value == null || value.isBlank()) continue;
            if (!field.scan()) {
                // no text field keeps a card number, scanned or not (a name, an address, a job title: PCI DSS 3.2); a phone
                // number has a form of its own, which a long international number passing the Luhn check would break
                if (cardChecked(field) && holdsCardNumber(value)) throw refusal(field, value, scanner.scan(value));
                continue;
            }
            ScanResult result = scanner.scan(value);
            if (result.refused()) throw refusal(field, value, result);
            found.put(field.id(), flagsOf(result));
        }
        return found;
    }

    /**
     * What a write would refuse in these texts (field id to text): a payment card number in a scanned field, each
     * field's refusal with its text masked. Nothing is read, written or recorded: a form refused for another reason
     * names these too, so the person typing learns of every problem at once and never sees the number again.
     */
    public List<NoteRefusedException> refusedTexts(Map<String, ? extends @Nullable String> values) {
        List<NoteRefusedException> refused = new ArrayList<>();
        values.forEach((id, value) -> {
            FieldDefinition field = policy.fields().get(id);
            if (field == null || value == null || value.isBlank() || !field.scan() && !(cardChecked(field) && holdsCardNumber(value))) return;
            ScanResult result = scanner.scan(value);
            if (result.refused()) refused.add(refusal(field, value, result));
        });
        return refused;
    }

    /**
     * Whether a text holds what Custodia never keeps, in any field: a payment card number (PCI DSS 3.2; the notes'
     * own refusal). For texts that may hold personal data by design, as a correction a person proposes.
     */
    @Override
    public boolean holdsCardNumber(String text) {
        // a card number has 12 to 19 digits: a text with fewer (a name, a city) is not scanned at all
        return text.chars().filter(Character::isDigit).count() >= 12 && text.length() <= io.custodia.access.scan.NoteScanner.MAX_LENGTH
                && scanner.scan(text).refused();
    }

    /** The text with what the scan finds (card numbers, emails, phone numbers…) replaced by its kind: for a refused text shown back. */
    public String masked(String text) {
        return text.length() > io.custodia.access.scan.NoteScanner.MAX_LENGTH ? "" : scanner.scan(text).redacted(text);
    }

    /** A field checked for card numbers though not scanned: every text but phone numbers and emails, which have forms of their own. */
    private static boolean cardChecked(FieldDefinition field) {
        return field.index() != io.custodia.datamap.IndexKind.PHONE && field.index() != io.custodia.datamap.IndexKind.EMAIL;
    }

    private static NoteRefusedException refusal(FieldDefinition field, String value, ScanResult result) {
        return new NoteRefusedException(field.id(), result.kinds().stream().filter(k -> k.refused()).map(Enum::name).toList(),
                result.redacted(value));
    }

    /**
     * Decrypts the permitted columns of one row; {@code first} is the index of the first of them in the result set.
     *
     * @param limitSensitive the person limited the use of their sensitive information and the purpose may not use it
     *                       (CCPA §7027): a sensitive value is left out, undecrypted where its kind alone says so
     */
    private PersonalView view(ResultSet rs, int first, SubjectId subject, UUID record, String table, List<FieldDefinition> columns,
            Decision decision, boolean limitSensitive) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> flags = new TreeSet<>();
        Set<String> limited = new TreeSet<>();
        int index = first;
        for (FieldDefinition field : columns) {
            byte[] ciphertext = rs.getBytes(index++);
            Set<String> found = new TreeSet<>();
            if (field.scan()) {
                byte[] flagged = rs.getBytes(index++);
                if (flagged != null) {
                    for (String flag : crypto.decrypt(subject, new CipherContext(table, flagsColumn(field), record), flagged).split(",")) {
                        if (!flag.isBlank()) found.add(flag);
                    }
                }
            }
            if (ciphertext == null) continue;
            if (limitSensitive && AccessPolicy.sensitive(field, found)) {
                limited.add(field.id());
                continue;
            }
            values.put(field.id(), crypto.decrypt(subject, new CipherContext(table, field.name(), record), ciphertext));
            flags.addAll(found);
        }
        return new PersonalView(subject, record, decision.purpose().id(), values, decision.withheld(), flags, limited);
    }

    private List<FieldDefinition> permittedColumns(Decision decision, String record) {
        return policy.fields().values().stream().filter(f -> f.record().equals(record) && decision.permits(f.id())).toList();
    }

    private static String selectList(String key, List<String> columns, String qualifier) {
        StringBuilder sql = new StringBuilder("SELECT ").append(key);
        columns.forEach(c -> sql.append(", ").append(qualifier).append(c));
        return sql.toString();
    }

    /**
     * The vault columns of these fields, in order: each field's own column, followed for a scanned field by
     * the column holding what its scan found ({@code notes_flags}), encrypted and projected with it.
     */
    static List<String> storedColumns(List<FieldDefinition> fields) {
        List<String> names = new ArrayList<>();
        for (FieldDefinition field : fields) {
            names.add(field.name());
            if (field.scan()) names.add(flagsColumn(field));
        }
        return names;
    }

    static String flagsColumn(FieldDefinition field) {
        return field.name() + "_flags";
    }

    /** The ciphertexts of one field (and of its scan flags, for a scanned field), null where there is nothing. */
    private List<@Nullable Object> encrypted(SubjectId subject, String table, UUID record, FieldDefinition field,
            @Nullable String value, @Nullable Set<String> flags) {
        String text = blankToNull(value);
        List<@Nullable Object> out = new ArrayList<>(2);
        out.add(text == null ? null : crypto.encrypt(subject, new CipherContext(table, field.name(), record), text));
        if (field.scan()) {
            out.add(text == null || flags == null || flags.isEmpty() ? null
                    : crypto.encrypt(subject, new CipherContext(table, flagsColumn(field), record), String.join(",", flags)));
        }
        return out;
    }

    private void evictOnRollback(List<SubjectId> subjects) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) crypto.forgetCached(subjects);
                }
            });
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
