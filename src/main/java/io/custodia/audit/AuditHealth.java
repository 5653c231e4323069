package io.custodia.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verifies the whole ledger in the background every {@code custodia.audit.verify-interval} (default one
 * hour) and shows the last verdict in the health endpoint as {@code auditLedger}: UP with the entries
 * checked, DOWN naming the first broken entry (tampering is an incident: GDPR Art. 33 may apply), UNKNOWN
 * until the first check has run. Details are shown to signed-in staff only (management.endpoint.health).
 */
@Component("auditLedgerHealthIndicator")
class AuditHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(AuditHealth.class);

    private record Verdict(@Nullable VerificationReport report, Instant at, long millis, @Nullable String error) {
    }

    private final AuditVerifier verifier;
    private final Clock clock;
    private final AtomicReference<@Nullable Verdict> last = new AtomicReference<>();

    AuditHealth(AuditVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "${custodia.audit.verify-interval:PT1H}")
    void verifyInBackground() {
        long start = System.nanoTime();
        try {
            check();
        } catch (RuntimeException e) {
            // a verification that cannot complete proves nothing: health says so instead of keeping an old UP
            last.set(new Verdict(null, clock.instant(), (System.nanoTime() - start) / 1_000_000, e.getClass().getSimpleName()));
            log.error("The scheduled verification of the audit ledger could not complete; will try again", e);
        }
    }

    /** Runs a verification now and keeps its verdict for the health endpoint. */
    VerificationReport check() {
        long start = System.nanoTime();
        VerificationReport report = verifier.verify();
        last.set(new Verdict(report, clock.instant(), (System.nanoTime() - start) / 1_000_000, null));
        if (!report.valid()) {
            log.error("AUDIT LEDGER BROKEN at entry {} ({}): {}", report.seq(), report.problem(), report.detail());
        }
        return report;
    }

    @Override
    public Health health() {
        Verdict verdict = last.get();
        if (verdict == null) return Health.unknown().withDetail("verified", "not yet: the first check runs 30 s after start").build();
        VerificationReport report = verdict.report();
        if (report == null) {
            return Health.down().withDetail("verifiedAt", verdict.at().toString())
                    .withDetail("error", "the verification could not complete (" + verdict.error() + "); see the log").build();
        }
        Health.Builder health = report.valid() ? Health.up() : Health.down();
        health.withDetail("verifiedAt", verdict.at().toString()).withDetail("entriesChecked", report.entriesChecked())
                .withDetail("tookMillis", verdict.millis());
        if (!report.valid()) {
            health.withDetail("brokenAt", report.seq()).withDetail("problem", String.valueOf(report.problem()))
                    .withDetail("detail", String.valueOf(report.detail()));
        }
        return health.build();
    }
}
