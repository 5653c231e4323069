package io.custodia.people;

import io.custodia.access.AccessRequest;
import io.custodia.access.PersonalDataGateway;
import io.custodia.access.PersonalView;
import io.custodia.access.WriteResult;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
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
        Instant occurredAt = in.instant("occurredAt", false);
        String summary = in.text("summary", 10_000, false, null, "");
        in.check();
        SubjectId subject = new SubjectId(personId);
        persons.requireExists(subject);
        UUID id = Ids.next();
        WriteResult result = gateway.writeInteraction(request, subject, id, summary == null ? Map.of() : Map.of(SUMMARY, summary));
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO interaction (id, subject_id, kind, occurred_at, staff_id, flags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, subject.value(), kind.name(), Timestamp.from(occurredAt == null ? now : occurredAt),
                        request.actor().staffAccountId(), String.join(",", result.flags()), Timestamp.from(now)).update();
        return get(request, id);
    }

    @Transactional(readOnly = true)
    public Interaction get(AccessRequest request, UUID id) {
        SubjectId subject = jdbc.sql("SELECT subject_id FROM interaction WHERE id = ?").param(id).query(UUID.class).optional()
                .map(SubjectId::new).orElseThrow(() -> new NotFoundException("interaction", id));
        return ofPerson(request, subject, 0, Integer.MAX_VALUE).stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("interaction", id));
    }

    /** A person's interactions, newest first. */
    @Transactional(readOnly = true)
    public List<Interaction> ofPerson(AccessRequest request, SubjectId subject, int page, int size) {
        record Row(UUID id, InteractionKind kind, Instant at, UUID staff, String flags) {
        }
        List<Row> rows = jdbc.sql("SELECT id, kind, occurred_at, staff_id, flags FROM interaction WHERE subject_id = :s "
                        + "ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("s", subject.value()).param("limit", Math.min(size, 1000)).param("offset", (long) page * Math.min(size, 1000))
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), InteractionKind.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), rs.getObject(4, UUID.class), rs.getString(5))).list();
        Map<UUID, PersonalView> views = gateway.readInteractions(request, subject, rows.stream().map(Row::id).toList());
        return rows.stream().map(r -> {
            PersonalView view = views.get(r.id());
            Set<String> flags = new TreeSet<>();
            for (String f : r.flags().split(",")) if (!f.isBlank()) flags.add(f);
            boolean withheld = view == null || view.isWithheld(SUMMARY);
            return new Interaction(r.id(), subject, r.kind(), r.at(), r.staff(), view == null ? null : view.get(SUMMARY), withheld, flags);
        }).toList();
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
