package io.custodia.outreach;

import io.custodia.access.PersonalDataGateway;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.identity.Actor;
import io.custodia.people.InvalidInputException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The suppression list: addresses never to be written to, whoever they belong to (a hard bounce, a spam
 * complaint, someone outside the CRM who asked not to be contacted). Only the keyed digest of the
 * address is kept, the one its email blind index uses, so a suppressed address is matched without being
 * stored. Adding is idempotent.
 */
@Service
public class Suppressions {

    /** Why an address is suppressed. */
    public enum Reason { BOUNCE, COMPLAINT, REQUEST, OTHER }

    private final PersonalDataGateway gateway;
    private final JdbcClient jdbc;
    private final AuditLedger audit;
    private final Clock clock;

    Suppressions(PersonalDataGateway gateway, JdbcClient jdbc, AuditLedger audit, Clock clock) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Suppresses an address; returns false when it already was. */
    @Transactional
    public boolean add(Actor actor, String email, String reason) {
        Reason why = Arrays.stream(Reason.values()).filter(r -> r.name().equals(reason.trim().toUpperCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> InvalidInputException.of("reason", "unknown", "one of " + Arrays.toString(Reason.values())));
        if (!io.custodia.people.PersonField.isEmailAddress(email)) {
            throw InvalidInputException.of("email", "invalid", "must be one email address such as name@example.com, on one line");
        }
        String digest = gateway.emailDigest(email).orElseThrow(() -> InvalidInputException.of("email", "required", "an email address"));
        if (jdbc.sql("SELECT COUNT(*) FROM suppression WHERE email_digest = ?").param(digest).query(Long.class).single() > 0) {
            return false;
        }
        jdbc.sql("INSERT INTO suppression (email_digest, reason, added_at, added_by) VALUES (?, ?, ?, ?)")
                .params(digest, why.name(), OffsetDateTime.now(clock), actor.id()).update();
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.SUPPRESSION, null, null, AuditOutcome.ALLOWED,
                "reason=" + why.name(), null));
        return true;
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM suppression").query(Long.class).single();
    }
}
