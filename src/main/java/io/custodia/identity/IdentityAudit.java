package io.custodia.identity;

import io.custodia.audit.ActorResolver;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import java.util.Set;
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
    private final org.springframework.beans.factory.ObjectProvider<org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping> mappings;

    private final java.time.Clock clock;

    IdentityAudit(AuditLedger ledger, java.time.Clock clock,
            org.springframework.beans.factory.ObjectProvider<org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping> mappings) {
        this.ledger = ledger;
        this.clock = clock;
        this.mappings = mappings;
    }

    void signInFailed(UUID account, String reason) {
        refusal(AuditEvent.of(Actor.Kind.STAFF.name(), account.toString(), AuditAction.LOGIN_FAILED, AuditOutcome.DENIED)
                .withDetail("reason=" + reason));
    }

    void signInFailedUnknownUser() {
        refusal(AuditEvent.of("ANONYMOUS", UNKNOWN, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED)
                .withDetail("reason=unknown-username"));
    }

    /** A second-factor code refused, or not even checked ({@code reason=locked}, {@code during=enrolment}, ...). */
    void secondFactorFailed(UUID account, String detail) {
        refusal(AuditEvent.of(Actor.Kind.STAFF.name(), account.toString(), AuditAction.SECOND_FACTOR_FAILED, AuditOutcome.DENIED)
                .withDetail(detail));
    }

    /** Most secrets that are no token recorded in one minute; past it, one entry says that more were refused and not recorded. */
    static final int MAX_UNKNOWN_TOKENS_PER_MINUTE = 60;
    private long tokenMinute = -1;
    private int unknownTokens;

    /**
     * A bearer token refused: the token's id when the secret is one (revoked, expired, its account disabled), never
     * the secret. A known token's refusal is always recorded (there are few tokens, and a revoked one in use is what
     * matters); anyone can send secrets that are no token, as fast as they like, so past
     * {@link #MAX_UNKNOWN_TOKENS_PER_MINUTE} in a minute the rest of that minute's are refused without an entry each.
     */
    void tokenRefused(@org.jspecify.annotations.Nullable UUID token, String reason) {
        if (token != null) {
            refusal(AuditEvent.of(Actor.Kind.API_TOKEN.name(), token.toString(), AuditAction.LOGIN_FAILED, AuditOutcome.DENIED)
                    .withDetail("method=api-token; reason=" + reason));
            return;
        }
        int count;
        synchronized (this) {
            long minute = clock.millis() / 60_000;
            if (minute != tokenMinute) {
                tokenMinute = minute;
                unknownTokens = 0;
            }
            count = ++unknownTokens;
        }
        if (count > MAX_UNKNOWN_TOKENS_PER_MINUTE + 1) return;
        refusal(AuditEvent.of("ANONYMOUS", UNKNOWN, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED).withDetail("method=api-token; reason="
                + reason + (count > MAX_UNKNOWN_TOKENS_PER_MINUTE ? "; more refusals this minute are not recorded" : "")));
    }

    /** A client turned away for too many failed sign-ins: once, when it reaches the limit (its address is not recorded). */
    void throttled(int attempts, java.time.Duration window) {
        refusal(AuditEvent.of("ANONYMOUS", UNKNOWN, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED)
                .withDetail("reason=throttled; attempts=" + attempts + "; window=" + window));
    }

    /**
     * A request refused because the signed-in actor's roles do not reach the address: the method and the address's
     * shape (words and ids kept, any other segment replaced, never the query), so a value typed into a path stays out.
     */
    void roleRefused(Authentication authentication, String method, String path) {
        refused(authentication, method, path, "ROLE");
    }

    /** A signed-in staff member's form posted without its CSRF token (an old page, or another site's forgery). */
    void csrfRefused(Authentication authentication, String method, String path) {
        refused(authentication, method, path, "CSRF");
    }

    private void refused(Authentication authentication, String method, String path, String reason) {
        Actor actor = CurrentActor.of(authentication);
        refusal(AuditEvent.of(actor.kind().name(), actor.id(), AuditAction.DENIED, AuditOutcome.DENIED)
                .withDetail(actor.auditDetail("attempted=" + method + " " + shape(path) + "; reason=" + reason)));
    }

    private static final java.util.regex.Pattern UUID_TEXT = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The literal segments of the application's own addresses ({@code api}, {@code persons}, ...), read once from its mappings. */
    private volatile java.util.@org.jspecify.annotations.Nullable Set<String> routeWords;

    private Set<String> routeWords() {
        Set<String> words = routeWords;
        if (words == null) {
            words = new java.util.HashSet<>();
            for (var mapping : mappings.orderedStream().toList()) {
                for (var info : mapping.getHandlerMethods().keySet()) {
                    for (String pattern : info.getPatternValues()) {
                        for (String segment : pattern.split("/")) {
                            if (!segment.isEmpty() && !segment.contains("{") && !segment.contains("*")) words.add(segment);
                        }
                    }
                }
            }
            routeWords = words = Set.copyOf(words);
        }
        return words;
    }

    /**
     * {@code /api/v1/persons/<uuid>/consents} as it is; {@code /api/v1/rights/jeanne@x.fr} as {@code /api/v1/rights/*}: a segment
     * is kept only when it is one of the application's own words or an id.
     */
    String shape(String path) {
        Set<String> words = routeWords();
        StringBuilder shaped = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (shaped.length() > 200) {
                shaped.append("/…");
                break;
            }
            if (!shaped.isEmpty() || !segment.isEmpty()) shaped.append('/');
            shaped.append(segment.isEmpty() || words.contains(segment) || UUID_TEXT.matcher(segment).matches() ? segment : "*");
        }
        return shaped.isEmpty() ? "/" : shaped.toString();
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
