package io.custodia.rights;

import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.SubjectId;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rights module's part of a person's export: the requests they made, and how each was answered. */
@Component
class RequestsExport implements PersonalDataExport {

    private final JdbcClient jdbc;

    RequestsExport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Section> export(SubjectId subject) {
        List<Map<String, String>> rows = jdbc.sql("SELECT r.received_at, r.type, r.channel, r.status, r.outcome, r.closed_at FROM rights_request r"
                + " JOIN rights_request_subject s ON s.request_id = r.id WHERE s.subject_id = ? ORDER BY r.received_at").param(subject.value())
                .query((rs, n) -> {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("received", rs.getObject(1, OffsetDateTime.class).toInstant().toString());
                    row.put("request", rs.getString(2));
                    row.put("channel", rs.getString(3));
                    row.put("status", rs.getString(4));
                    row.put("outcome", rs.getString(5) == null ? "" : rs.getString(5));
                    OffsetDateTime closed = rs.getObject(6, OffsetDateTime.class);
                    row.put("answered", closed == null ? "" : closed.toInstant().toString());
                    return row;
                }).list();
        List<Section> sections = new java.util.ArrayList<>();
        if (!rows.isEmpty()) sections.add(new Section("requests", List.of("received", "request", "channel", "status", "outcome", "answered"), rows,
                Set.of()));
        List<Map<String, String>> kept = jdbc.sql("SELECT kept_fields, kept_until, erased_at FROM erasure_kept WHERE subject_id = ?")
                .param(subject.value()).query((rs, n) -> {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("erased", rs.getObject(3, OffsetDateTime.class).toInstant().toString());
                    row.put("kept", rs.getString(1));
                    row.put("until", rs.getDate(2).toLocalDate().toString());
                    return row;
                }).list();
        if (!kept.isEmpty()) sections.add(new Section("erasure-kept", List.of("erased", "kept", "until"), kept, Set.of()));
        return sections;
    }

    @Override
    public Set<String> tables() {
        return Set.of("rights_request_subject", "access_package", "recipient_notice", "erasure_kept");
    }
}
