package io.custodia.web;

import io.custodia.consent.Channel;
import io.custodia.consent.ConsentLedger;
import io.custodia.consent.PurposeState;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Role;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The "Privacy choices" card of a person's page: where they stand for each purpose a choice can change. */
@Component
class PrivacyChoices {

    /** One purpose's line: its state for the person and what the viewer may record for it. */
    record Row(Purpose purpose, String basis, boolean consentBased, boolean objectable, boolean directMarketing, @Nullable String status,
            @Nullable LocalDate since, List<ChannelRow> channels, boolean mayGive) {
    }

    record ChannelRow(String channel, String status, LocalDate since) {
    }

    record View(List<Row> rows, @Nullable LocalDate restrictedSince, boolean dpo, List<Channel> channels,
            @Nullable LocalDate optedOutOfSaleSince, @Nullable LocalDate limitedSensitiveSince) {
    }

    private final ConsentLedger ledger;
    private final DataMap dataMap;

    PrivacyChoices(ConsentLedger ledger, DataMap dataMap) {
        this.ledger = ledger;
        this.dataMap = dataMap;
    }

    /** The person's choices as the page shows them; a read of personal data, recorded under the page's purpose (as the API's). */
    View of(io.custodia.access.AccessRequest access, SubjectId subject, Set<Role> viewerRoles) {
        ledger.auditRead(access.actor(), access.purpose(), subject, "consents");
        boolean dpo = viewerRoles.contains(Role.DPO);
        Map<String, PurposeState> states = new java.util.HashMap<>();
        ledger.state(subject).forEach(s -> states.put(s.purpose(), s));
        List<Row> rows = dataMap.purposes().values().stream()
                .filter(p -> p.legalBasis() == LegalBasis.CONSENT || p.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || p.directMarketing())
                .filter(p -> !p.aggregateOnly())
                .map(p -> row(p, states.get(p.id()), dpo || p.grantedToAny(viewerRoles))).toList();
        return new View(rows, day(ledger.restrictedSince(subject)), dpo, List.of(Channel.values()), day(ledger.optedOutOfSaleSince(subject)),
                day(ledger.limitedSensitiveSince(subject)));
    }

    private static Row row(Purpose purpose, @Nullable PurposeState state, boolean mayGive) {
        List<ChannelRow> channels = state == null ? List.of() : state.channels().entrySet().stream()
                .map(e -> new ChannelRow(e.getKey().name(), e.getValue().status().name(), day(e.getValue().since()))).toList();
        return new Row(purpose, purpose.legalBasis().key(), purpose.legalBasis() == LegalBasis.CONSENT,
                purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || purpose.directMarketing(), purpose.directMarketing(),
                state == null ? null : state.status(), state == null ? null : day(state.since()), channels, mayGive);
    }

    private static @Nullable LocalDate day(@Nullable Instant at) {
        return at == null ? null : LocalDate.ofInstant(at, PersonViews.ZONE);
    }
}
