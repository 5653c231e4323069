package io.custodia.audit;

import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Beyond what the law asks: who used the person's data, when and for what purpose, from the audit ledger
 * (the kind of actor, never a member of staff's name; the act, its purpose and outcome; the most recent
 * {@link #MAX} entries).
 */
@Component
class AccessLogExport implements PersonalDataExport {

    static final int MAX = 5_000;

    private final AuditQuery query;

    AccessLogExport(AuditQuery query) {
        this.query = query;
    }

    @Override
    public List<Section> export(SubjectId subject) {
        List<Map<String, String>> rows = new ArrayList<>();
        AuditQuery.Filter filter = new AuditQuery.Filter(subject.value(), Set.of(), null, null, null, null, null);
        while (rows.size() < MAX) {
            AuditQuery.Page page = query.list(filter, AuditQuery.MAX_PAGE);
            for (AuditQuery.Listed listed : page.entries()) {
                var e = listed.entry();
                Map<String, String> row = new LinkedHashMap<>();
                row.put("at", e.at().toString());
                row.put("by", e.actorKind());
                row.put("act", e.action());
                row.put("purpose", e.purpose() == null ? "" : e.purpose());
                row.put("outcome", e.outcome());
                rows.add(row);
            }
            if (page.nextBefore() == null) break;
            filter = filter.before(page.nextBefore());
        }
        return rows.isEmpty() ? List.of() : List.of(new Section("access-log", List.of("at", "by", "act", "purpose", "outcome"), rows, Set.of()));
    }

    @Override
    public Set<String> tables() {
        return Set.of("audit_entry");
    }
}
