package io.custodia.web;

import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditExport;
import io.custodia.audit.AuditQuery;
import io.custodia.audit.AuditVerifier;
import io.custodia.audit.VerificationReport;
import io.custodia.crypto.LedgerSignatures;
import io.custodia.identity.AccountService;
import io.custodia.identity.StaffSummary;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The audit viewer for the DPO and auditors (GDPR Art. 5(2), 38, 39; DPO and AUDITOR only, in
 * SecurityConfiguration): entries newest first with filters by person, staff member, purpose, action and
 * dates, each marked as verifying or not; verification of the whole chain; export of the ledger with its
 * public key for an offline check. Entries hold ids: staff ids are shown with the staff member's name.
 */
@Controller
class AuditPages {

    static final int PAGE_SIZE = 50;

    private final AuditQuery query;
    private final AuditVerifier verifier;
    private final AuditExport export;
    private final LedgerSignatures signatures;
    private final AccountService accounts;
    private final AuditRows auditRows;
    private final LayoutModel layout;

    AuditPages(AuditQuery query, AuditVerifier verifier, AuditExport export, LedgerSignatures signatures, AccountService accounts,
            AuditRows auditRows, LayoutModel layout) {
        this.auditRows = auditRows;
        this.layout = layout;
        this.query = query;
        this.verifier = verifier;
        this.export = export;
        this.signatures = signatures;
        this.accounts = accounts;
    }

    @GetMapping("/audit")
    String list(@RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String actor,
            @RequestParam(defaultValue = "") String purpose, @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
            @RequestParam(required = false) @Nullable Long before, Model model, HttpServletResponse response) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        UUID subjectId = parse(subject, "subject", errors, UUID::fromString);
        UUID actorId = parse(actor, "actor", errors, UUID::fromString);
        AuditAction actionFilter = parse(action, "action", errors, AuditAction::valueOf);
        LocalDate fromDate = parse(from, "from", errors, LocalDate::parse);
        LocalDate toDate = parse(to, "to", errors, LocalDate::parse);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) errors.put("to", "audit.filter.invalid.range");
        List<StaffSummary> staff = accounts.listAccounts().stream().sorted(Comparator.comparing(StaffSummary::displayName)).toList();
        Map<String, String> names = auditRows.actorNames(staff);
        Set<String> actors = new LinkedHashSet<>();
        if (actorId != null) {
            actors.add(actorId.toString());
            accounts.tokensOf(actorId).forEach(t -> actors.add(t.id().toString()));
        }
        // the purpose as the viewer names it ("Customer relationship management", in either language) or by its id
        purpose = purposeId(purpose.strip());
        AuditQuery.Filter filter = new AuditQuery.Filter(subjectId, actors, purpose.isBlank() ? null : purpose, actionFilter,
                fromDate == null ? null : fromDate.atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDate == null ? null : toDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), before);
        AuditQuery.Page page = errors.isEmpty() ? query.list(filter, PAGE_SIZE) : new AuditQuery.Page(List.of(), null);
        if (!errors.isEmpty()) response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("rows", auditRows.rows(page.entries(), names));
        model.addAttribute("nextBefore", page.nextBefore());
        model.addAttribute("firstPage", before == null);
        model.addAttribute("errors", errors);
        model.addAttribute("staff", staff);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("filter", Map.of("subject", subject, "actor", actor, "purpose", purpose, "action", action, "from", from, "to", to));
        long[] size = query.size();
        model.addAttribute("ledgerSize", size[0]);
        model.addAttribute("keyId", signatures.keyId());
        return "audit/list";
    }

    /** The id of the register's purpose named {@code typed} (its id, or its name in English or French, any case); else as typed. */
    private String purposeId(String typed) {
        if (typed.isEmpty()) return typed;
        for (java.util.Locale locale : List.of(java.util.Locale.ENGLISH, java.util.Locale.FRENCH)) {
            for (Map.Entry<String, String> named : layout.purposeNames(locale).entrySet()) {
                if (named.getKey().equalsIgnoreCase(typed) || named.getValue().equalsIgnoreCase(typed)) return named.getKey();
            }
        }
        return typed;
    }

    @PostMapping("/audit/verify")
    String verify(@RequestParam java.util.Map<String, String> form, RedirectAttributes redirect) {
        VerificationReport report = verifier.verify();
        redirect.addFlashAttribute("report", report);
        // back to the viewer as it was filtered: the filter's own fields only, each encoded
        StringBuilder back = new StringBuilder();
        for (String field : List.of("subject", "actor", "purpose", "action", "from", "to")) {
            String value = form.get(field);
            if (value == null || value.isBlank()) continue;
            back.append(back.isEmpty() ? '?' : '&').append(field).append('=').append(encode(value));
        }
        return "redirect:/audit" + back;
    }

    /**
     * The ledger as JSON lines, for {@code verify-export}: the whole retained ledger, or, when the viewer's days
     * are set, every entry recorded in those days (UTC, as the filter reads them) whatever the other filters,
     * since the chain can only be checked on a segment without gaps. The export is itself recorded.
     */
    @GetMapping("/audit/export")
    @Nullable String export(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
            HttpServletResponse response, RedirectAttributes redirect) throws IOException {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        LocalDate fromDate = parse(from, "from", errors, LocalDate::parse);
        LocalDate toDate = parse(to, "to", errors, LocalDate::parse);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) errors.put("to", "audit.filter.invalid.range");
        if (!errors.isEmpty()) {
            // the viewer shows the same message beside the day it is about
            return "redirect:/audit?from=" + encode(from) + "&to=" + encode(to);
        }
        java.util.Optional<AuditExport.Range> range = export.recordedBetween(
                fromDate == null ? null : fromDate.atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDate == null ? null : toDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (range.isEmpty()) {
            redirect.addFlashAttribute("notice", fromDate == null && toDate == null ? "audit.export.empty" : "audit.export.none-in-days");
            return "redirect:/audit?from=" + encode(from) + "&to=" + encode(to);
        }
        export.download(range.get().from(), range.get().to(), response);
        return null;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value.strip(), StandardCharsets.UTF_8);
    }

    @GetMapping("/audit/public-key")
    void publicKey(HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Content-Disposition", "attachment; filename=\"custodia-ledger-key-" + signatures.keyId() + ".json\"");
        response.getOutputStream().write(signatures.publicKeysetJson().getBytes(StandardCharsets.UTF_8));
    }

    private static <T> @Nullable T parse(String text, String name, Map<String, String> errors, java.util.function.Function<String, T> parser) {
        if (text.isBlank()) return null;
        try {
            return parser.apply(text.strip());
        } catch (DateTimeParseException e) {
            // in the form but not a day of the calendar (2026-11-31): say that, not that the form is wrong
            errors.put(name, text.strip().matches("\\d{4}-\\d{2}-\\d{2}") ? "audit.filter.invalid.no-such-day" : "audit.filter.invalid." + name);
            return null;
        } catch (IllegalArgumentException e) {
            errors.put(name, "audit.filter.invalid." + name);
            return null;
        }
    }
}
