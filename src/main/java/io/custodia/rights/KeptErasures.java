package io.custodia.rights;

import io.custodia.access.AccessRequest;
import io.custodia.consent.Choice;
import io.custodia.consent.ChoiceKind;
import io.custodia.consent.ChoiceSource;
import io.custodia.consent.ConsentLedger;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.PersonService;
import io.custodia.retention.LegalHold;
import io.custodia.retention.LegalHolds;
import io.custodia.shared.RestrictionGuard;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasures that keep what the law requires (GDPR Art. 17(3)(b)). When a person asks to be erased while a legal
 * hold holds on them (invoices kept ten years), their key is destroyed all the same and every other module's
 * rows go, but the fields of the hold's purpose are sealed again under a new key; the person is restricted
 * (Art. 18), so that only purposes founded on a legal obligation can read those fields, and the restriction
 * cannot be lifted. Once every hold has ended, {@link #completeEnded} erases the rest: the person is then gone.
 */
@Component
public class KeptErasures implements RestrictionGuard {

    private static final Logger log = LoggerFactory.getLogger(KeptErasures.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PersonService persons;
    private final ConsentLedger ledger;
    private final LegalHolds holds;
    private final RequestHistory history;
    private final TransactionTemplate transactions;

    KeptErasures(JdbcClient jdbc, Clock clock, PersonService persons, ConsentLedger ledger, LegalHolds holds, RequestHistory history,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.persons = persons;
        this.ledger = ledger;
        this.holds = holds;
        this.history = history;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** A person erased except some fields of their record, until a day. */
    public record Kept(SubjectId subject, @Nullable UUID request, Set<String> fields, LocalDate until) {
    }

    private static Actor system() {
        return Actor.system(Set.of(Role.DPO));
    }

    /**
     * Erases the person except these fields of their record, kept until {@code until}, restricted to the
     * purposes founded on a legal obligation; recorded for {@link #completeEnded}. When none of those fields
     * holds a value the erasure is total: nothing is kept, the person is gone.
     *
     * @param request the erasure request it answers, or null (a replay of the forget list)
     * @return the fields kept; empty when the erasure was total
     */
    @Transactional
    public Set<String> keepOnly(Actor actor, @Nullable UUID request, SubjectId subject, Set<String> fields, LocalDate until) {
        Set<String> kept = fields.isEmpty() ? Set.of() : persons.eraseKeeping(new AccessRequest(actor, RightsRequests.PURPOSE), subject, fields);
        if (fields.isEmpty()) persons.forget(new AccessRequest(actor, RightsRequests.PURPOSE), subject);
        if (kept.isEmpty()) return kept;
        jdbc.sql("DELETE FROM erasure_kept WHERE subject_id = ?").param(subject.value()).update();
        jdbc.sql("INSERT INTO erasure_kept (subject_id, request_id, kept_fields, kept_until, erased_at) VALUES (?, ?, ?, ?, ?)")
                .params(subject.value(), request, String.join(",", kept), until, clock.instant().atOffset(ZoneOffset.UTC)).update();
        // the erasure took the person's choices with it: what is left is restricted to the legal obligation (Art. 18(2))
        ledger.record(system(), Choice.of(subject, ChoiceKind.RESTRICTED, null, null, ChoiceSource.SYSTEM));
        return kept;
    }

    /** The person's kept erasure, if they were erased except what a hold requires. */
    @Transactional(readOnly = true)
    public Optional<Kept> of(SubjectId subject) {
        return jdbc.sql("SELECT request_id, kept_fields, kept_until FROM erasure_kept WHERE subject_id = ?").param(subject.value())
                .query((rs, n) -> new Kept(subject, rs.getObject(1, UUID.class), fields(rs.getString(2)), rs.getDate(3).toLocalDate()))
                .optional();
    }

    @Override
    public Optional<String> lockedBecause(SubjectId subject) {
        return of(subject).map(k -> "this person was erased on their request except what a legal obligation requires to be kept until "
                + k.until() + " (GDPR Art. 17(3)(b)); that stays restricted to the obligation until it is erased too");
    }

    /**
     * Erases the rest of every person whose holds have all ended (their day passed, or the DPO released them):
     * their key destroyed, their last rows deleted, their id on the forget list. A hold placed since extends the
     * keeping to its day. Each person in a transaction of their own. Returns how many were erased.
     */
    @Scheduled(fixedDelayString = "${custodia.rights.expiry-interval:PT1H}", initialDelayString = "${custodia.rights.expiry-interval:PT1H}")
    public int completeEnded() {
        LocalDate today = holds.today();
        // every kept person, not only those past their day: a hold released early ends the keeping early
        List<Kept> ended = jdbc.sql("SELECT subject_id, request_id, kept_fields, kept_until FROM erasure_kept ORDER BY kept_until")
                .query((rs, n) -> new Kept(new SubjectId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), fields(rs.getString(3)),
                        rs.getDate(4).toLocalDate())).list();
        int erased = 0;
        for (Kept kept : ended) {
            try {
                Boolean done = transactions.execute(status -> complete(kept));
                if (Boolean.TRUE.equals(done)) erased++;
            } catch (RuntimeException e) {
                log.warn("Could not erase the rest of person {} after their legal holds ended; tried again later: {}", kept.subject(), e.toString());
            }
        }
        return erased;
    }

    private boolean complete(Kept kept) {
        List<LegalHold> active = holds.active(kept.subject());
        if (!active.isEmpty()) {
            LocalDate until = active.stream().map(LegalHold::until).max(LocalDate::compareTo).orElseThrow();
            if (!until.equals(kept.until())) {
                jdbc.sql("UPDATE erasure_kept SET kept_until = ? WHERE subject_id = ?").params(until, kept.subject().value()).update();
            }
            return false;
        }
        if (persons.exists(kept.subject())) persons.delete(new AccessRequest(system(), RightsRequests.PURPOSE), kept.subject());
        jdbc.sql("DELETE FROM erasure_kept WHERE subject_id = ?").param(kept.subject().value()).update();
        if (kept.request() != null && jdbc.sql("SELECT COUNT(*) FROM rights_request WHERE id = ?").param(kept.request()).query(Long.class).single() > 0) {
            history.append(kept.request(), "ERASED_REST", system(), "the legal holds ended: the fields kept " + kept.fields() + " were erased too");
        }
        return true;
    }

    /** Once the person is gone for good, there is nothing kept left to track. */
    @EventListener
    void erased(SubjectErased event) {
        if (event.total()) jdbc.sql("DELETE FROM erasure_kept WHERE subject_id = ?").param(event.subject().value()).update();
    }

    static Set<String> fields(String joined) {
        return new LinkedHashSet<>(Arrays.stream(joined.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList());
    }
}
