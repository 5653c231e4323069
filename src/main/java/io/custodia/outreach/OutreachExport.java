package io.custodia.outreach;

import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.SubjectId;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outreach module's part of a person's export: each campaign that was to write to them, and what became of its message. */
@Component
class OutreachExport implements PersonalDataExport {

    private final JdbcClient jdbc;

    OutreachExport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Section> export(SubjectId subject) {
        List<Map<String, String>> rows = jdbc.sql("SELECT c.name, c.purpose, m.status, m.reason, m.updated_at FROM campaign_message m"
                + " JOIN campaign c ON c.id = m.campaign_id WHERE m.subject_id = ? ORDER BY m.updated_at").param(subject.value())
                .query((rs, n) -> {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("campaign", rs.getString(1));
                    row.put("purpose", rs.getString(2));
                    row.put("message", rs.getString(3) + (rs.getString(4) == null ? "" : " (" + rs.getString(4) + ")"));
                    row.put("at", rs.getObject(5, OffsetDateTime.class).toInstant().toString());
                    return row;
                }).list();
        return rows.isEmpty() ? List.of() : List.of(new Section("campaigns", List.of("campaign", "purpose", "message", "at"), rows, Set.of()));
    }

    @Override
    public Set<String> tables() {
        return Set.of("campaign_message");
    }
}
