package io.custodia.audit;

import io.custodia.crypto.LedgerSignatures;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger for the DPO and auditors (GDPR Art. 5(2), 38; access limited to DPO and AUDITOR in
 * SecurityConfiguration): list with filters, verify, export a segment, fetch the public key.
 */
@RestController
class AuditApi {

    private final AuditVerifier verifier;
    private final AuditQuery query;
    private final AuditExport export;
    private final AuditCheckpoints checkpoints;
    private final LedgerSignatures signatures;

    AuditApi(AuditVerifier verifier, AuditQuery query, AuditExport export, AuditCheckpoints checkpoints,
            LedgerSignatures signatures) {
        this.verifier = verifier;
        this.query = query;
        this.export = export;
        this.checkpoints = checkpoints;
        this.signatures = signatures;
    }

    /** Most actor ids in one filter (a staff member and their API tokens). */
    static final int MAX_ACTORS = 100;

    @GetMapping("/api/v1/audit/verify")
    VerificationReport verify() {
        return verifier.verify();
    }

    /** Newest first; {@code nextBefore} is the {@code before} of the next page. */
    @GetMapping("/api/v1/audit/entries")
    AuditQuery.Page list(@RequestParam(required = false) @Nullable String subject,
            @RequestParam(required = false) @Nullable List<String> actor, @RequestParam(required = false) @Nullable String purpose,
            @RequestParam(required = false) @Nullable String action, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String before,
            @RequestParam(required = false) @Nullable String limit) {
        return query.list(filter(subject, actor, purpose, action, from, to, before), (int) number("limit", limit, 50, 1, AuditQuery.MAX_PAGE));
    }

    /** A segment as JSON lines; the export itself is recorded in the ledger. */
    @GetMapping(value = "/api/v1/audit/export", produces = "application/x-ndjson")
    void export(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            HttpServletResponse response) throws IOException {
        AuditExport.Range available = export.available();
        if (available.to() < available.from()) throw new BadAuditRequest("The ledger holds no entries yet");
        long first = number("from", from, available.from(), available.from(), available.to());
        long last = number("to", to, available.to(), first, available.to());
        export.download(first, last, response);
    }

    /** The key that signs checkpoints: Tink's public keyset (for the offline verifier) and the raw Ed25519 key. */
    @GetMapping("/api/v1/audit/public-key")
    Map<String, Object> publicKey() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("algorithm", "Ed25519");
        key.put("keyId", signatures.keyId());
        key.put("rawPublicKey", Base64.getEncoder().encodeToString(signatures.rawPublicKey()));
        key.put("tinkPublicKeyset", signatures.publicKeysetJson());
        return key;
    }

    @GetMapping("/api/v1/audit/checkpoints")
    List<Checkpoint> checkpoints() {
        return checkpoints.all();
    }

    /** Signs a checkpoint of the chain as it stands now (before an export, for instance). */
    @PostMapping("/api/v1/audit/checkpoints")
    ResponseEntity<?> seal() {
        return checkpoints.seal().<ResponseEntity<?>>map(c -> ResponseEntity.status(HttpStatus.CREATED).body(c))
                .orElseThrow(() -> new BadAuditRequest("The ledger holds no entries yet: there is nothing to seal"));
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadAuditRequest e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid audit request");
        return problem;
    }

    static AuditQuery.Filter filter(@Nullable String subject, @Nullable List<String> actors, @Nullable String purpose,
            @Nullable String action, @Nullable String from, @Nullable String to, @Nullable String before) {
        if (actors != null && actors.size() > MAX_ACTORS) {
            throw new BadAuditRequest("'actor' may be given at most " + MAX_ACTORS + " times, was " + actors.size());
        }
        return new AuditQuery.Filter(uuid("subject", subject), actors == null ? Set.of() : Set.copyOf(actors.stream().filter(a -> !a.isBlank()).toList()),
                blankToNull(purpose), action(action), instant("from", from), instant("to", to),
                before == null || before.isBlank() ? null : number("before", before, 0, 1, Long.MAX_VALUE));
    }

    static @Nullable UUID uuid(String name, @Nullable String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new BadAuditRequest("'" + name + "' must be a UUID such as 0192f0c4-7b1e-7c3a-9a55-3f1f6d2e8b10");
        }
    }

    static @Nullable AuditAction action(@Nullable String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return AuditAction.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadAuditRequest("'action' must be one of " + List.of(AuditAction.values()));
        }
    }

    /**
     * A bound of the time filter: an instant as given, or a day (UTC) taken whole, as the audit page takes it: {@code from}
     * a day starts at its first instant, {@code to} a day ends after its last ({@code from=to=2026-11-30} is that day).
     * An instant {@code to} is exclusive.
     */
    static @Nullable Instant instant(String name, @Nullable String value) {
        if (value == null || value.isBlank()) return null;
        String text = value.strip();
        Instant at;
        try {
            if (text.length() == 10) {
                java.time.LocalDate day = java.time.LocalDate.parse(text);
                if (!io.custodia.shared.StoredDays.holds(day)) throw new BadAuditRequest("'" + name + "' " + io.custodia.shared.StoredDays.RULE);
                return ("to".equals(name) ? day.plusDays(1) : day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            at = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadAuditRequest("'" + name + "' must be a date (2026-11-29) or an instant (2026-11-29T10:15:00Z)");
        }
        if (!io.custodia.shared.StoredDays.holds(at)) throw new BadAuditRequest("'" + name + "' " + io.custodia.shared.StoredDays.RULE);
        return at;
    }

    static long number(String name, @Nullable String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) return fallback;
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadAuditRequest("'" + name + "' must be a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) throw new BadAuditRequest("'" + name + "' must be from " + min + " to " + max + ", was " + parsed);
        return parsed;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A filter or range the caller got wrong; the message says which and how. */
    static final class BadAuditRequest extends RuntimeException {
        BadAuditRequest(String message) {
            super(message);
        }
    }
}
