package io.custodia.web;

import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.rights.Outcome;
import io.custodia.rights.RightsRequest;
import io.custodia.rights.RightsRequests;
import io.custodia.shared.Ids;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The DPO's queue of data subject requests: every open one with its law, due day, time left and colour
 * (overdue red, nearly due amber), and each request's page with its history and the acts that answer it.
 */
@Controller
class RightsPages {

    private final RightsRequests requests;
    private final FormErrors formErrors;
    private final io.custodia.rights.RightsReports reports;
    private final io.custodia.rights.RecipientNotices notices;
    private final io.custodia.people.PersonService persons;

    RightsPages(RightsRequests requests, FormErrors formErrors, io.custodia.rights.RightsReports reports,
            io.custodia.rights.RecipientNotices notices, io.custodia.people.PersonService persons) {
        this.persons = persons;
        this.notices = notices;
        this.reports = reports;
        this.requests = requests;
        this.formErrors = formErrors;
    }

    @GetMapping("/rights")
    String queue(@RequestParam(defaultValue = "false") boolean all, Model model) {
        var today = requests.today();
        List<RightsRequest> queue = requests.queue(all, 500);
        model.addAttribute("requests", queue);
        model.addAttribute("today", today);
        model.addAttribute("soonDays", requests.soonDays());
        model.addAttribute("all", all);
        model.addAttribute("overdue", queue.stream().filter(r -> "overdue".equals(r.urgency(today, requests.soonDays()))).count());
        model.addAttribute("soon", queue.stream().filter(r -> "soon".equals(r.urgency(today, requests.soonDays()))).count());
        return "rights/queue";
    }

    /** The year's figures: CCPA §7102 metrics for Californians' requests, the same summary for the GDPR's. */
    @GetMapping("/rights/report")
    String report(@RequestParam(required = false) Integer year, Model model) {
        int y = year(year);
        model.addAttribute("year", y);
        model.addAttribute("ccpa", reports.year(y, true));
        model.addAttribute("gdpr", reports.year(y, false));
        model.addAttribute("lawOf", java.util.Map.of("ccpa", io.custodia.people.Jurisdiction.US_CA, "gdpr", io.custodia.people.Jurisdiction.EU));
        return "rights/report";
    }

    @GetMapping("/rights/report.csv")
    org.springframework.http.ResponseEntity<String> reportCsv(@RequestParam(required = false) Integer year) {
        int y = year(year);
        return org.springframework.http.ResponseEntity.ok().header("Content-Type", "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"requests-" + y + ".csv\"")
                .body(reports.yearCsv(y));
    }

    private int year(Integer year) {
        int y = year == null ? requests.today().eu().getYear() : year;
        if (y < 2000 || y > 2100) throw InvalidInputException.of("year", "out-of-range", "a year between 2000 and 2100");
        return y;
    }

    @GetMapping("/rights/{id}")
    String request(@PathVariable String id, Authentication auth, Model model) {
        UUID request = Ids.parse(id, "id");
        show(request, auth, model);
        return "rights/detail";
    }

    /** The fields a reviewed correction may change on the request's page. */
    static final List<io.custodia.people.PersonField> CORRECTABLE = List.of(io.custodia.people.PersonField.FIRST_NAME,
            io.custodia.people.PersonField.LAST_NAME, io.custodia.people.PersonField.EMAILS, io.custodia.people.PersonField.PHONES,
            io.custodia.people.PersonField.ADDRESS_LINE, io.custodia.people.PersonField.POSTAL_CODE, io.custodia.people.PersonField.CITY,
            io.custodia.people.PersonField.COUNTRY, io.custodia.people.PersonField.JOB_TITLE, io.custodia.people.PersonField.LANGUAGE);

    /** The person's current values of the correctable fields (multi values comma-separated), read under the rights purpose. */
    private java.util.Map<String, String> current(RightsRequest request, Authentication auth) {
        return request.subjects().isEmpty() ? new java.util.LinkedHashMap<>() : correctable(read(request, auth).get(request.subjects().getFirst().value()));
    }

    private static java.util.Map<String, String> correctable(io.custodia.people.@org.jspecify.annotations.Nullable Person person) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        if (person != null) CORRECTABLE.forEach(f -> values.put(f.json(), String.join(", ", person.values(f))));
        return values;
    }

    /**
     * The request's persons, each read once under the rights purpose (so recorded in the ledger): absent when erased
     * since, null when that purpose may not show them.
     */
    private java.util.Map<UUID, io.custodia.people.@org.jspecify.annotations.Nullable Person> read(RightsRequest request, Authentication auth) {
        java.util.Map<UUID, io.custodia.people.@org.jspecify.annotations.Nullable Person> read = new java.util.LinkedHashMap<>();
        for (io.custodia.shared.SubjectId subject : request.subjects()) {
            try {
                persons.get(new io.custodia.access.AccessRequest(CurrentActor.of(auth), RightsRequests.PURPOSE), subject)
                        .ifPresent(p -> read.put(subject.value(), p));
            } catch (io.custodia.crypto.SubjectKeyMissingException erased) {
                // erased: no name, and no record to open
            } catch (io.custodia.policy.BasisRefusedException | io.custodia.policy.FieldRefusedException notForThisPurpose) {
                read.put(subject.value(), null);
            }
        }
        return read;
    }

    /** Who the request is about, by name: subject id to display name, {@code ""} when it cannot be shown; an erased person is absent. */
    private static java.util.Map<UUID, String> names(java.util.Map<UUID, io.custodia.people.@org.jspecify.annotations.Nullable Person> read) {
        java.util.Map<UUID, String> names = new java.util.LinkedHashMap<>();
        read.forEach((subject, person) -> names.put(subject, person == null ? "" : person.displayName()));
        return names;
    }

    private void show(UUID request, Authentication auth, Model model) {
        RightsRequest found = requests.get(request);
        var read = read(found, auth); // one recorded read per person for the whole page
        if (found.type() == io.custodia.rights.RequestType.RECTIFICATION && found.status().open() && !found.subjects().isEmpty()) {
            model.addAttribute("proposal", requests.proposal(CurrentActor.of(auth), request).orElse(null));
            model.addAttribute("correctable", CORRECTABLE);
            if (!model.containsAttribute("current")) model.addAttribute("current", correctable(read.get(found.subjects().getFirst().value())));
        }
        model.addAttribute("request", found);
        model.addAttribute("personNames", names(read));
        // who acted for the person, and the proof they were permitted to (CCPA regs §7063): a read the ledger records
        model.addAttribute("agent", found.byAgent() ? requests.agent(CurrentActor.of(auth), request).orElse(null) : null);
        model.addAttribute("history", requests.history(request));
        model.addAttribute("notices", notices.of(request));
        model.addAttribute("today", requests.today());
        model.addAttribute("soonDays", requests.soonDays());
        model.addAttribute("fulfillable", RightsRequests.fulfillable(found.type()));
        model.addAttribute("packages", found.status().open() ? requests.packagesOf(found.id()) : List.of());
        if (!model.containsAttribute(FormErrors.ATTRIBUTE)) model.addAttribute(FormErrors.ATTRIBUTE, java.util.Map.of());
    }

    /** The proof of permission an authorised agent gave, as they gave it (a read the ledger records). */
    @GetMapping("/rights/{id}/permission")
    org.springframework.http.ResponseEntity<byte[]> permission(@PathVariable String id, Authentication auth) {
        UUID request = Ids.parse(id, "id");
        var proof = requests.permission(CurrentActor.of(auth), request).orElseThrow(() -> new io.custodia.people.NotFoundException("permission", request));
        String extension = switch (proof.getKey()) {
            case "application/pdf" -> "pdf";
            case "image/png" -> "png";
            default -> "jpg";
        };
        return org.springframework.http.ResponseEntity.ok().header("Content-Type", proof.getKey())
                .header("Content-Disposition", "attachment; filename=\"permission-" + request + "." + extension + "\"")
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff").body(proof.getValue());
    }

    /** A recipient without a webhook was told by hand (GDPR Art. 19). */
    @PostMapping("/rights/{id}/notices/{notice}/sent")
    String noticeSent(@PathVariable String id, @PathVariable String notice, RedirectAttributes redirect) {
        UUID request = Ids.parse(id, "id");
        notices.markSent(request, Ids.parse(notice, "notice"));
        redirect.addFlashAttribute("notice", "rights.notice.recipient");
        return "redirect:/rights/" + request;
    }

    /** Applies a reviewed correction: only the fields the DPO changed. */
    @PostMapping("/rights/{id}/rectify")
    String rectify(@PathVariable String id, @RequestParam java.util.Map<String, String> form, Authentication auth, Model model,
            RedirectAttributes redirect) {
        UUID request = Ids.parse(id, "id");
        java.util.Map<String, String> before = current(requests.get(request), auth);
        java.util.Map<String, Object> changes = new java.util.LinkedHashMap<>();
        for (io.custodia.people.PersonField field : CORRECTABLE) {
            String value = form.getOrDefault(field.json(), "").strip();
            if (value.equals(before.getOrDefault(field.json(), ""))) continue;
            changes.put(field.json(), field.multi() ? java.util.Arrays.stream(value.split("[,\\n]")).map(String::strip).filter(v -> !v.isEmpty()).toList()
                    : value);
        }
        try {
            requests.rectify(CurrentActor.of(auth), request, changes);
        } catch (InvalidInputException e) {
            model.addAttribute("current", form);
            return again(request, e, auth, model);
        }
        redirect.addFlashAttribute("notice", "rights.notice.rectified");
        return "redirect:/rights/" + request;
    }

    @PostMapping("/rights/{id}/extend")
    String extend(@PathVariable String id, @RequestParam(defaultValue = "") String reason, Authentication auth, Model model,
            RedirectAttributes redirect) {
        return act(id, request -> requests.extend(CurrentActor.of(auth), request, reason), "rights.notice.extended", auth, model, redirect);
    }

    @PostMapping("/rights/{id}/fulfil")
    String fulfil(@PathVariable String id, @RequestParam(defaultValue = "") String confirm, Authentication auth, Model model,
            RedirectAttributes redirect) {
        return act(id, request -> {
            // an erasure cannot be undone: carried out only with the box ticked that says so, never on a stray click
            if (requests.get(request).type() == io.custodia.rights.RequestType.ERASURE && !"yes".equals(confirm)) {
                throw InvalidInputException.of("confirm", "required", "tick the box to confirm the erasure: it cannot be undone");
            }
            requests.fulfil(CurrentActor.of(auth), request);
        }, "rights.notice.fulfilled", auth, model, redirect);
    }

    /** Access or portability answered by letter or in person: the copy is prepared for the DPO to download and send. */
    @PostMapping("/rights/{id}/letter")
    String prepareForLetter(@PathVariable String id, Authentication auth, Model model, RedirectAttributes redirect) {
        return act(id, request -> requests.prepareForLetter(CurrentActor.of(auth), request), "rights.notice.letter", auth, model, redirect);
    }

    /**
     * One of the DPO's acts on a request: done, then back to the request with its notice; refused, the request's page
     * again with what is wrong.
     */
    private String act(String id, java.util.function.Consumer<UUID> action, String notice, Authentication auth, Model model,
            RedirectAttributes redirect) {
        UUID request = Ids.parse(id, "id");
        try {
            action.accept(request);
        } catch (InvalidInputException e) {
            return again(request, e, auth, model);
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/rights/" + request;
    }

    /** One of the request's packages, for the DPO to send: recorded with the request and in the ledger. */
    @GetMapping("/rights/{id}/packages/{packageId}")
    org.springframework.http.ResponseEntity<byte[]> packageForLetter(@PathVariable String id, @PathVariable String packageId, Authentication auth,
            jakarta.servlet.http.HttpServletRequest http) {
        UUID request = Ids.parse(id, "id");
        UUID pkg = Ids.parse(packageId, "packageId");
        byte[] zip;
        try {
            zip = requests.downloadForLetter(CurrentActor.of(auth), request, pkg);
        } catch (InvalidInputException e) {
            // answered since the page was shown: back to it, saying so
            org.springframework.web.servlet.support.RequestContextUtils.getOutputFlashMap(http).put("notice", "rights.notice.letter-closed");
            return org.springframework.http.ResponseEntity.status(303).header("Location", http.getContextPath() + "/rights/" + request).build();
        }
        return org.springframework.http.ResponseEntity.ok().header("Content-Type", "application/zip")
                .header("Content-Disposition", "attachment; filename=\"custodia-copy-" + pkg + ".zip\"")
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff").body(zip);
    }

    @PostMapping("/rights/{id}/answer")
    String answer(@PathVariable String id, @RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "") String reason,
            Authentication auth, Model model, RedirectAttributes redirect) {
        UUID request = Ids.parse(id, "id");
        model.addAttribute("outcome", outcome);
        try {
            Outcome chosen;
            try {
                chosen = Outcome.valueOf(outcome);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("outcome", "invalid", "one of COMPLIED, PARTLY, DENIED");
            }
            requests.answer(CurrentActor.of(auth), request, chosen, reason);
        } catch (InvalidInputException e) {
            model.addAttribute("reason", reason);
            return again(request, e, auth, model);
        }
        redirect.addFlashAttribute("notice", "rights.notice.answered");
        return "redirect:/rights/" + request;
    }

    /** The request's page again, the refused form's errors next to their fields: a 400, as every refused form. */
    private String again(UUID request, InvalidInputException e, Authentication auth, Model model) {
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes servlet && servlet.getResponse() != null) {
            servlet.getResponse().setStatus(org.springframework.http.HttpStatus.BAD_REQUEST.value());
        }
        List<String> shown = new java.util.ArrayList<>(List.of("reason", "outcome", "confirm"));
        CORRECTABLE.forEach(f -> shown.add(f.json())); // a correction's refusals next to the fields corrected
        model.addAttribute(FormErrors.ATTRIBUTE, formErrors.of(e, shown));
        show(request, auth, model);
        return "rights/detail";
    }
}
