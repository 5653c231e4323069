package io.custodia.identity;

import io.custodia.audit.ActorResolver;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Security events in the ledger (ASVS V16.3.1-3: authentication successes and failures, lockouts, changes
 * of accounts and credentials; GDPR Art. 32). Entries name accounts and tokens by id; never a username as
 * typed, a password, a code or a secret. Inside a write transaction an entry commits with it.
 */
@Component
class IdentityAudit implements ActorResolver {

    /** The actor of a sign-in attempt whose username matches no account. */
    static final String UNKNOWN = "unknown";

    private final AuditLedger ledger;

    IdentityAudit(AuditLedger ledger) {
        this.ledger = ledger;
    }

    void signInFailed(UUID account, String reason) {
        refusal(AuditEvent.of(Actor.Kind.STAFF.name(), account.toString(), AuditAction.LOGIN_FAILED, AuditOutcome.DENIED)
                .withDetail("reason=" + reason));
    }

    void signInFailedUnknownUser() {
        refusal(AuditEvent.of("ANONYMOUS", UNKNOWN, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED)
                .withDetail("reason=unknown-username"));
    }

    void secondFactorFailed(UUID account) {
        refusal(AuditEvent.of(Actor.Kind.STAFF.name(), account.toString(), AuditAction.SECOND_FACTOR_FAILED, AuditOutcome.DENIED));
    }

    void locked(UUID account, String until) {
        refusal(AuditEvent.of(Actor.Kind.SYSTEM.name(), "system", AuditAction.ACCOUNT_LOCKED, AuditOutcome.ALLOWED)
                .withDetail("account=" + account + "; until=" + until));
    }

    /**
     * A failed attempt or a lockout is committed on its own, apart from the transaction that counts it towards
     * the lockout: should the ledger be unavailable, the attempt is still refused and still counted (the
     * failure is logged), so an attacker gains nothing from a ledger outage.
     */
    private void refusal(AuditEvent event) {
        try {
            ledger.recordNow(event);
        } catch (io.custodia.audit.AuditUnavailableException e) {
            org.slf4j.LoggerFactory.getLogger(IdentityAudit.class).error("Could not record a refused sign-in ({}) in the audit ledger",
                    event.action(), e);
        }
    }

    void signedIn(UUID account, boolean secondFactor) {
        ledger.record(AuditEvent.of(Actor.Kind.STAFF.name(), account.toString(), AuditAction.LOGIN_SUCCEEDED, AuditOutcome.ALLOWED)
                .withDetail(secondFactor ? "factors=password,totp" : "factors=password"));
    }

    /** An act on an account by whoever is signed in (an administrator, the staff member) or the system. */
    void accountChanged(UUID account, String what) {
        ledger.record(byCurrentActor(AuditAction.ACCOUNT_CHANGED).withDetail("account=" + account + "; " + what));
    }

    void tokenCreated(UUID account, UUID token) {
        ledger.record(byCurrentActor(AuditAction.TOKEN_CREATED).withDetail("account=" + account + "; token=" + token));
    }

    void tokenRevoked(UUID account, UUID token) {
        ledger.record(byCurrentActor(AuditAction.TOKEN_REVOKED).withDetail("account=" + account + "; token=" + token));
    }

    /** The signed-in staff member or API token of this thread, or the system (commands, jobs, first start). */
    @Override
    public ActorRef current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof PartialLogin partial) return new ActorRef(Actor.Kind.STAFF.name(), partial.accountId().toString());
        try {
            Actor actor = CurrentActor.of(authentication);
            return new ActorRef(actor.kind().name(), actor.id());
        } catch (IllegalStateException noneSignedIn) {
            return ActorRef.SYSTEM;
        }
    }

    private AuditEvent byCurrentActor(AuditAction action) {
        ActorRef actor = current();
        return AuditEvent.of(actor.kind(), actor.id(), action, AuditOutcome.ALLOWED);
    }
}
