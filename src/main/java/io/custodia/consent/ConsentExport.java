package io.custodia.consent;

import io.custodia.shared.PersonalDataExport;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The consent module's part of a person's export: every choice they made, oldest first, with its source and the notice shown. */
@Component
class ConsentExport implements PersonalDataExport {

    private final ConsentLedger ledger;

    ConsentExport(ConsentLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public List<Section> export(SubjectId subject) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (ChoiceEvent e : ledger.history(subject)) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("at", e.at().toString());
            row.put("choice", e.kind().name());
            row.put("purpose", e.purpose() == null ? "" : e.purpose());
            row.put("channel", e.channel() == null ? "" : e.channel().name());
            row.put("source", e.source().name());
            row.put("notice", e.noticeVersion() == null ? "" : "v" + e.noticeVersion() + " " + e.noticeLanguage() + " sha256:" + e.noticeSha256());
            rows.add(row);
        }
        return rows.isEmpty() ? List.of()
                : List.of(new Section("choices", List.of("at", "choice", "purpose", "channel", "source", "notice"), rows, Set.of()));
    }

    @Override
    public Set<String> tables() {
        return Set.of("consent_event", "consent_channel", "basis_state");
    }
}
