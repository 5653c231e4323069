package io.custodia.retention;

import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.SubjectId;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The retention module's part of a person's export: the legal holds on their data, why and until when. */
@Component
class HoldsExport implements PersonalDataExport {

    private final LegalHolds holds;

    HoldsExport(LegalHolds holds) {
        this.holds = holds;
    }

    @Override
    public List<Section> export(SubjectId subject) {
        LocalDate today = holds.today();
        List<Map<String, String>> rows = holds.of(subject).stream().map(h -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("purpose", h.purpose());
            row.put("reason", h.reason());
            row.put("until", h.until().toString());
            row.put("active", Boolean.toString(h.activeOn(today)));
            return row;
        }).toList();
        return rows.isEmpty() ? List.of() : List.of(new Section("legal-holds", List.of("purpose", "reason", "until", "active"), rows, Set.of()));
    }

    @Override
    public Set<String> tables() {
        return Set.of("legal_hold");
    }
}
