package io.custodia.people;

import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tags on persons: short labels ("vip", "event-2026"), not personal values. */
@Repository
class Tags {

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N} _-]{1,40}");
    private final JdbcClient jdbc;

    Tags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static boolean valid(String tag) {
        return TAG.matcher(tag).matches();
    }

    void set(SubjectId subject, Set<String> tags) {
        jdbc.sql("DELETE FROM person_tag WHERE subject_id = ?").param(subject.value()).update();
        for (String tag : tags) {
            UUID id = idOf(tag);
            jdbc.sql("INSERT INTO person_tag (subject_id, tag_id) VALUES (?, ?)").params(subject.value(), id).update();
        }
    }

    Map<SubjectId, List<String>> of(Collection<SubjectId> subjects) {
        if (subjects.isEmpty()) return Map.of();
        return jdbc.sql("SELECT pt.subject_id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.subject_id IN (:ids) ORDER BY t.name")
                .param("ids", subjects.stream().map(SubjectId::value).toList())
                .query((rs, n) -> Map.entry(new SubjectId(rs.getObject(1, UUID.class)), rs.getString(2))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    List<String> all() {
        return jdbc.sql("SELECT name FROM tag ORDER BY name").query(String.class).list();
    }

    private UUID idOf(String name) {
        var existing = jdbc.sql("SELECT id FROM tag WHERE name = ?").param(name).query(UUID.class).optional();
        if (existing.isPresent()) return existing.get();
        UUID id = Ids.next();
        try {
            jdbc.sql("INSERT INTO tag (id, name) VALUES (?, ?)").params(id, name).update();
            return id;
        } catch (DuplicateKeyException raced) {
            return jdbc.sql("SELECT id FROM tag WHERE name = ?").param(name).query(UUID.class).single();
        }
    }
}
