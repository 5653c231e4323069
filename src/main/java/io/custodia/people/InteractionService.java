package io.custodia.people;

import io.custodia.access.AccessRequest;
import io.custodia.access.PersonalDataGateway;
import io.custodia.access.PersonalView;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Interactions with persons; their summaries are encrypted under the person's key by the gateway. */
@Service
public class InteractionService {

    private static final Set<String> FIELDS = Inputs.keys("personId", "kind", "occurredAt", "summary");
    private static final String SUMMARY = "interaction.summary";

    private final PersonalDataGateway gateway;
    private final PersonService persons;
    private final JdbcClient jdbc;
    private final Clock clock;

    InteractionService(PersonalDataGateway gateway, PersonService persons, JdbcClient jdbc, Clock clock) {
        this.gateway = gateway;
        this.persons = persons;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Interaction create(AccessRequest request, Map<String, ?> input) {
        var in = new Inputs(input, FIELDS);
        UUID personId = in.id("personId", true);
        InteractionKind kind = in.choice("kind", InteractionKind.class, true);
        Instant occurredAt = in.happened("occurredAt", false, clock.instant());
        String summary = in.text("summary", 10_000, false, null, "");
        in.check();
        SubjectId subject = new SubjectId(personId);
        try {
            persons.requireExists(subject);
        } catch (NotFoundException e) {
            throw InvalidInputException.of("personId", "unknown", "no person with id " + personId);
        }
        UUID id = Ids.next();
        gateway.createInteraction(request, subject, id, summary == null ? Map.of() : Map.of(SUMMARY, summary));
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO interaction (id, subject_id, kind, occurred_at, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, subject.value(), kind.name(), Timestamp.from(occurredAt == null ? now : occurredAt),
                        request.actor().staffAccountId(), Timestamp.from(now)).update();
        return get(request, id);
    }

    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Interaction get(AccessRequest request, UUID id) {
        List<Row> rows = jdbc.sql(SELECT + " WHERE id = ?").param(id).query(InteractionService::row).list();
        if (rows.isEmpty()) throw new NotFoundException("interaction", id);
        return assemble(request, rows.get(0).subject(), rows).get(0);
    }

    /** A person's interactions, newest first. */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<Interaction> ofPerson(AccessRequest request, SubjectId subject, int page, int size) {
        PersonService.checkPage(page, size);
        List<Row> rows = jdbc.sql(SELECT + " WHERE subject_id = :s ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("s", subject.value()).param("limit", size).param("offset", (long) page * size)
                .query(InteractionService::row).list();
        return assemble(request, subject, rows);
    }

    private record Row(UUID id, SubjectId subject, InteractionKind kind, Instant at, @Nullable UUID staff) {
    }

    private static final String SELECT = "SELECT id, subject_id, kind, occurred_at, staff_id FROM interaction";

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getObject(1, UUID.class), new SubjectId(rs.getObject(2, UUID.class)), InteractionKind.valueOf(rs.getString(3)),
                rs.getTimestamp(4).toInstant(), rs.getObject(5, UUID.class));
    }

    /** Decrypts the summaries under the purpose; a summary the purpose does not need stays withheld. */
    private List<Interaction> assemble(AccessRequest request, SubjectId subject, List<Row> rows) {
        Map<UUID, PersonalView> views = gateway.readInteractions(request, subject, rows.stream().map(Row::id).toList());
        return rows.stream().map(r -> {
            PersonalView view = views.get(r.id());
            boolean withheld = view == null || view.isWithheld(SUMMARY) || view.isLimited(SUMMARY);
            return new Interaction(r.id(), subject, r.kind(), r.at(), r.staff(), view == null ? null : view.get(SUMMARY), withheld,
                    view == null ? Set.of() : view.flags());
        }).toList();
    }

    /** What a create or an update would refuse in this summary (a payment card number), masked; checks only, records nothing. */
    public java.util.Optional<io.custodia.access.NoteRefusedException> refusedSummary(@org.jspecify.annotations.Nullable String summary) {
        return summary == null ? java.util.Optional.empty() : gateway.refusedTexts(Map.of(SUMMARY, summary)).stream().findFirst();
    }

    /** Changes the kind, time or summary given; the rest is kept. The summary is re-scanned and re-encrypted. */
    @Transactional
    public Interaction update(AccessRequest request, UUID id, Map<String, ?> input) {
        Interaction current = get(request, id);
        var in = new Inputs(input, Inputs.keys("kind", "occurredAt", "summary"));
        InteractionKind kind = in.has("kind") ? in.choice("kind", InteractionKind.class, true) : current.kind();
        Instant occurredAt = in.has("occurredAt") ? in.happened("occurredAt", true, clock.instant()) : current.occurredAt();
        String summary = in.text("summary", 10_000, false, null, "");
        in.check();
        if (in.has("summary")) {
            gateway.writeInteraction(request, current.subject(), id, summary == null ? Map.of() : Map.of(SUMMARY, summary));
        }
        List<String> changed = new java.util.ArrayList<>(2);
        if (kind != current.kind()) changed.add("kind");
        if (!occurredAt.equals(current.occurredAt())) changed.add("occurredAt");
        if (!changed.isEmpty()) {
            // what happened, and when, is about the person too: checked and recorded like the summary
            gateway.interactionChanged(request, current.subject(), id, changed);
            jdbc.sql("UPDATE interaction SET kind = ?, occurred_at = ? WHERE id = ?")
                    .params(kind.name(), Timestamp.from(occurredAt), id).update();
        }
        return get(request, id);
    }

    @Transactional
    public void delete(AccessRequest request, UUID id) {
        Interaction interaction = get(request, id);
        gateway.deleteInteraction(request, interaction.subject(), id);
        jdbc.sql("DELETE FROM interaction WHERE id = ?").param(id).update();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM interaction").query(Long.class).single();
    }

}
