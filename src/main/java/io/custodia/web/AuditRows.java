package io.custodia.web;

import io.custodia.audit.AuditQuery;
import io.custodia.identity.AccountService;
import io.custodia.identity.ApiTokenSummary;
import io.custodia.identity.StaffSummary;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Audit entries as the viewer and a person's access history show them: staff and token ids as names. */
@Component
class AuditRows {

    private final AccountService accounts;
    private final AuditDetails details;

    AuditRows(AccountService accounts, AuditDetails details) {
        this.accounts = accounts;
        this.details = details;
    }

    /**
     * A row: the entry, the actor's name, whether it verifies, and its detail said for people in the page's language
     * ({@code said}, null when it is not one Custodia writes: the stored detail is shown).
     */
    record Row(long seq, LocalDateTime at, String actor, String actorKind, String action, @Nullable String purpose,
            @Nullable UUID subject, String outcome, String detail, @Nullable String said, @Nullable String correlationId, boolean verifies) {
    }

    List<Row> rows(List<AuditQuery.Listed> entries, Map<String, String> names) {
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        List<Row> rows = new ArrayList<>(entries.size());
        for (AuditQuery.Listed listed : entries) {
            var e = listed.entry();
            rows.add(new Row(e.seq(), LocalDateTime.ofInstant(e.at(), java.time.ZoneOffset.UTC), names.getOrDefault(e.actorId(), e.actorId()),
                    e.actorKind(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), details.say(e.action(), e.detail(), locale),
                    e.correlationId(), listed.verifies()));
        }
        return rows;
    }

    List<Row> rows(List<AuditQuery.Listed> entries) {
        return rows(entries, actorNames(accounts.listAccounts()));
    }

    /** The name to show for one actor id (a staff account or one of its API tokens); the id itself when unknown. */
    String actorName(String actorId) {
        return actorNames(accounts.listAccounts()).getOrDefault(actorId, actorId);
    }

    /** Staff account ids and their API token ids to the name to show. */
    Map<String, String> actorNames(List<StaffSummary> staff) {
        Map<String, String> names = new HashMap<>();
        names.put("system", "system");
        for (StaffSummary s : staff) {
            names.put(s.id().toString(), s.displayName());
            for (ApiTokenSummary token : accounts.tokensOf(s.id())) {
                names.put(token.id().toString(), s.displayName() + " · " + token.name());
            }
        }
        return names;
    }
}
