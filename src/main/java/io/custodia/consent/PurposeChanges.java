package io.custodia.consent;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.shared.SubjectId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A consent covers the purpose as the person was told of it (GDPR Art. 4(11): specific and informed).
 * At start, each consent purpose of the data map is fingerprinted (what it is for, the data, who receives
 * it, how long it is kept); when the fingerprint differs from the one on record, the purpose changed
 * materially, and every consent given for it is marked {@link ChoiceKind#RENEWAL_NEEDED}: the policy refuses
 * the purpose for those persons until they renew (by double opt-in or in their preference centre).
 * A wording change that leaves the fingerprint alone (the name) does not.
 */
@Service
public class PurposeChanges {

    private static final Actor SYSTEM = Actor.system(Set.of(Role.DPO));

    private final DataMap dataMap;
    private final JdbcClient jdbc;
    private final ConsentLedger ledger;
    private final Clock clock;

    PurposeChanges(DataMap dataMap, JdbcClient jdbc, ConsentLedger ledger, Clock clock) {
        this.dataMap = dataMap;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public void onStart() {
        review();
    }

    /**
     * Compares every consent purpose with its fingerprint on record and marks its consents for renewal
     * when it changed; records the first fingerprint of a new purpose. Returns how many consents it marked.
     * Safe on several nodes at once: the fingerprint is swapped with a compare-and-set, so one node marks.
     */
    @Transactional
    public int review() {
        int marked = 0;
        for (Purpose purpose : dataMap.purposes().values()) {
            if (purpose.legalBasis() != LegalBasis.CONSENT) continue;
            String now = fingerprint(purpose);
            String before = jdbc.sql("SELECT sha256 FROM consent_purpose_version WHERE purpose = ?").param(purpose.id())
                    .query(String.class).optional().orElse(null);
            if (before == null) {
                jdbc.sql("INSERT INTO consent_purpose_version (purpose, sha256, since) VALUES (?, ?, ?)")
                        .params(purpose.id(), now, OffsetDateTime.now(clock)).update();
            } else if (!before.equals(now) && jdbc.sql("UPDATE consent_purpose_version SET sha256 = ?, since = ? WHERE purpose = ? AND sha256 = ?")
                    .params(now, OffsetDateTime.now(clock), purpose.id(), before).update() == 1) {
                marked += markForRenewal(purpose);
            }
        }
        return marked;
    }

    private int markForRenewal(Purpose purpose) {
        record Given(UUID subject, String channel) {
        }
        List<Given> given = jdbc.sql("SELECT subject_id, channel FROM consent_channel WHERE purpose = ? AND status = 'GIVEN'")
                .param(purpose.id()).query((rs, n) -> new Given(rs.getObject(1, UUID.class), rs.getString(2))).list();
        for (Given g : given) {
            ledger.record(SYSTEM, Choice.of(new SubjectId(g.subject()), ChoiceKind.RENEWAL_NEEDED, purpose.id(), Channel.valueOf(g.channel()),
                    ChoiceSource.SYSTEM));
        }
        return given.size();
    }

    /** When the purpose last changed materially (or was first seen), or null when it is not on record. */
    @Transactional(readOnly = true)
    public java.time.@org.jspecify.annotations.Nullable Instant changedSince(String purpose) {
        return jdbc.sql("SELECT since FROM consent_purpose_version WHERE purpose = ?").param(purpose)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional().orElse(null);
    }

    /** What a consent to the purpose covers: its description, data, recipients, retention and basis (not its name). */
    static String fingerprint(Purpose purpose) {
        StringBuilder text = new StringBuilder();
        text.append(purpose.description().en()).append('\n').append(purpose.description().fr()).append('\n');
        text.append(purpose.dpvPurpose()).append('\n').append(purpose.legalBasis().key()).append('\n');
        text.append(new TreeSet<>(purpose.fields())).append('\n').append(new TreeSet<>(purpose.recipients())).append('\n');
        text.append(purpose.retention().duration()).append(' ').append(purpose.retention().from().key()).append('\n');
        text.append(purpose.explicitConsent());
        return PrivacyNotices.sha256(text.toString());
    }
}
