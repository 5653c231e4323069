package io.custodia.web;

import io.custodia.access.AccessRequest;
import io.custodia.access.NoteRefusedException;
import io.custodia.access.SearchRefusedException;
import io.custodia.people.DealService;
import io.custodia.people.InteractionKind;
import io.custodia.people.InteractionService;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.people.Person;
import io.custodia.people.PersonService;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.shared.SubjectId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Persons: the list, the search, the detail page with interactions and deals, and deletion. Every read
 * goes through the services with the purpose chosen in the header. Searches are posted, never in the URL.
 */
@Controller
class PersonPages {

    static final int PAGE_SIZE = 25;
    static final int SEARCH_LIMIT = 50;

    private final PersonService persons;
    private final InteractionService interactions;
    private final DealService deals;
    private final StaffContext context;
    private final FormErrors formErrors;

    /** Entries of a person's access history shown on their page; the viewer has the rest. */
    static final int HISTORY_SIZE = 20;

    private final io.custodia.audit.AuditQuery audit;
    private final AuditRows auditRows;

    private final PrivacyChoices choices;

    private final io.custodia.retention.LegalHolds holds;
    private final io.custodia.rights.KeptErasures kept;
    private final io.custodia.rights.RightsRequests rightsRequests;

    private final FieldLabels labels;

    PersonPages(PersonService persons, InteractionService interactions, DealService deals, StaffContext context,
            FormErrors formErrors, io.custodia.audit.AuditQuery audit, AuditRows auditRows, PrivacyChoices choices,
            io.custodia.retention.LegalHolds holds, io.custodia.rights.KeptErasures kept, io.custodia.rights.RightsRequests rightsRequests,
            FieldLabels labels) {
        this.labels = labels;
        this.rightsRequests = rightsRequests;
        this.holds = holds;
        this.kept = kept;
        this.choices = choices;
        this.audit = audit;
        this.auditRows = auditRows;
        this.persons = persons;
        this.interactions = interactions;
        this.deals = deals;
        this.context = context;
        this.formErrors = formErrors;
    }

    @GetMapping("/persons")
    String list(@RequestParam(defaultValue = "0") int page, Authentication auth, HttpServletRequest request, Model model) {
        PersonService.Page result = persons.list(context.request(auth, request), Math.max(0, page), PAGE_SIZE, null);
        // past the last page (an old link, a hand-typed number): the last page there is
        if (result.items().isEmpty() && page > 0 && page >= result.pages()) return "redirect:/persons?page=" + (result.pages() - 1);
        model.addAttribute("rows", PersonViews.rows(result.items()));
        model.addAttribute("page", result);
        // none the purpose's legal basis holds for, among persons there are: said, not "no persons yet"
        model.addAttribute("noneForPurpose", result.total() == 0 && persons.count() > 0);
        return "persons/list";
    }

    /** The search's own address fetched again (a reload, the language links): the search is posted, so the list. */
    @GetMapping("/persons/search")
    String searchAgain() {
        return "redirect:/persons";
    }

    /** The search: the results fragment for htmx, the whole list page for a plain form post. */
    @PostMapping("/persons/search")
    String search(@RequestParam(defaultValue = "") String q, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Authentication auth, HttpServletRequest request, Model model) {
        AccessRequest access = context.request(auth, request);
        if (q.isBlank()) {
            PersonService.Page result = persons.list(access, 0, PAGE_SIZE, null);
            model.addAttribute("rows", PersonViews.rows(result.items()));
            model.addAttribute("page", result);
        } else {
            model.addAttribute("q", q);
            try {
                model.addAttribute("rows", PersonViews.rows(persons.search(access, q, SEARCH_LIMIT)));
            } catch (SearchRefusedException e) {
                model.addAttribute("rows", List.of());
                model.addAttribute("searchHint", e.reason() == SearchRefusedException.Reason.TOO_BROAD
                        ? "persons.search.too-broad" : "persons.search.too-short");
            } catch (InvalidInputException e) {
                model.addAttribute("rows", List.of());
                model.addAttribute("searchHint", "persons.search.too-short");
            } catch (PurposeRefusedException e) {
                model.addAttribute("rows", List.of());
                model.addAttribute("searchHint", "persons.search.purpose");
            }
        }
        return htmx != null ? "persons/list :: results" : "persons/list";
    }

    @GetMapping("/persons/{id}")
    String detail(@PathVariable UUID id, Authentication auth, HttpServletRequest request, Model model) {
        AccessRequest access = context.request(auth, request);
        Person person = persons.get(access, new SubjectId(id)).orElseThrow(() -> new NotFoundException("person", id));
        model.addAttribute("person", person);
        model.addAttribute("name", PersonViews.name(person));
        model.addAttribute("fields", PersonViews.fields(person));
        model.addAttribute("flagKeys", PersonViews.flagKeys(person.flags()));
        model.addAttribute("createdAt", LocalDateTime.ofInstant(person.createdAt(), PersonViews.ZONE));
        model.addAttribute("updatedAt", LocalDateTime.ofInstant(person.updatedAt(), PersonViews.ZONE));
        model.addAttribute("interactions", interactions.ofPerson(access, person.id(), 0, 100).stream()
                .map(PersonViews::interaction).toList());
        model.addAttribute("deals", deals.list(null, person.id(), 0, 50));
        model.addAttribute("choices", choices.of(access, person.id(), StaffContext.staff(auth).map(s -> s.roles()).orElse(java.util.Set.of())));
        // the law recorded on the person (null when not recorded or not shown under this purpose: every right is offered)
        String recorded = person.value(io.custodia.people.PersonField.JURISDICTION);
        io.custodia.people.Jurisdiction law = recorded == null ? io.custodia.people.Jurisdiction.OTHER : io.custodia.people.Jurisdiction.valueOf(recorded);
        model.addAttribute("californiaRights", io.custodia.rights.RequestType.OPT_OUT_OF_SALE.existsUnder(law));
        // Who accessed this person's data, for the DPO and auditors (GDPR Art. 5(2); read after this page's own read)
        if (StaffContext.staff(auth).map(s -> LayoutModel.canAudit(s.roles())).orElse(false)) {
            var filter = new io.custodia.audit.AuditQuery.Filter(person.id().value(), java.util.Set.of(), null, null, null, null, null);
            model.addAttribute("accessHistory", auditRows.rows(audit.list(filter, HISTORY_SIZE).entries()));
        }
        // Legal holds (GDPR Art. 17(3)(b)): what an erasure of this person would keep, and until when; the DPO's
        if (StaffContext.staff(auth).map(s -> s.roles().contains(io.custodia.identity.Role.DPO)).orElse(false)) {
            model.addAttribute("legalHolds", holds.of(person.id()));
            model.addAttribute("holdPurposes", holds.obligations());
            model.addAttribute("holdsToday", holds.today());
            var keptErasure = kept.of(person.id()).orElse(null);
            model.addAttribute("keptErasure", keptErasure);
            // the fields kept, said by their labels in the page's language
            if (keptErasure != null) {
                model.addAttribute("keptFields", labels.of(String.join(",", new java.util.TreeSet<>(keptErasure.fields())), null,
                        org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            }
            // the person's requests, and the form to record one taken by phone, letter, in person or email
            model.addAttribute("personRequests", rightsRequests.ofPerson(person.id()));
            model.addAttribute("requestTypes", java.util.Arrays.stream(io.custodia.rights.RequestType.values()).filter(t -> t.existsUnder(law)).toList());
            model.addAttribute("staffChannels", java.util.Arrays.stream(io.custodia.rights.RequestChannel.values())
                    .filter(c -> c.byStaff() && c != io.custodia.rights.RequestChannel.API).toList());
            model.addAttribute("requestsToday", rightsRequests.today());
            model.addAttribute("requestsSoon", rightsRequests.soonDays());
        }
        model.addAttribute("kinds", InteractionKind.values());
        model.addAttribute("summaryEditable", context.current(auth, request).map(p -> p.covers("interaction.summary")).orElse(false));
        if (!model.containsAttribute("interactionErrors")) {
            model.addAttribute("interactionErrors", Map.of());
        }
        if (!model.containsAttribute("interaction")) {
            Map<String, String> interaction = new LinkedHashMap<>();
            interaction.put("kind", InteractionKind.CALL.name());
            interaction.put("occurredAt", LocalDateTime.now(PersonViews.ZONE).truncatedTo(ChronoUnit.MINUTES).toString());
            interaction.put("summary", "");
            model.addAttribute("interaction", interaction);
        }
        return "persons/detail";
    }

    @PostMapping("/persons/{id}/interactions")
    String addInteraction(@PathVariable UUID id, @RequestParam Map<String, String> form, Authentication auth,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("personId", id.toString());
        for (String key : List.of("kind", "occurredAt", "summary")) {
            if (form.containsKey(key)) input.put(key, form.get(key));
        }
        try {
            interactions.create(context.request(auth, request), input);
        } catch (InvalidInputException e) {
            // a card number in the summary is said, and masked, with the other errors: the page never carries it
            Map<String, List<String>> errors = new LinkedHashMap<>(formErrors.of(e, List.of("kind", "occurredAt", "summary")));
            Map<String, String> shown = new java.util.HashMap<>(form);
            interactions.refusedSummary(form.get("summary")).ifPresent(refused -> {
                errors.computeIfAbsent("summary", k -> new java.util.ArrayList<>()).addAll(formErrors.one("summary", "error.note-refused").get("summary"));
                shown.put("summary", refused.redactedText());
            });
            return interactionAgain(id, shown, errors, HttpStatus.BAD_REQUEST, auth, request, response, model);
        } catch (NoteRefusedException e) {
            Map<String, String> shown = new java.util.HashMap<>(form);
            shown.put("summary", e.redactedText());
            return interactionAgain(id, shown, formErrors.one("summary", "error.note-refused"), HttpStatus.UNPROCESSABLE_CONTENT, auth,
                    request, response, model);
        }
        redirect.addFlashAttribute("notice", "interaction.saved");
        return "redirect:/persons/" + id;
    }

    /** The person's page again, with the interaction form as typed (masked where refused) and its errors. */
    private String interactionAgain(UUID id, Map<String, String> shown, Map<String, List<String>> errors, HttpStatus status,
            Authentication auth, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(status.value());
        model.addAttribute("interaction", shown);
        model.addAttribute("interactionErrors", errors);
        return detail(id, auth, request, model);
    }

    @GetMapping("/persons/{id}/delete")
    String confirmDelete(@PathVariable UUID id, Authentication auth, HttpServletRequest request, Model model) {
        Person person = persons.get(context.request(auth, request), new SubjectId(id))
                .orElseThrow(() -> new NotFoundException("person", id));
        model.addAttribute("person", person);
        model.addAttribute("name", PersonViews.name(person));
        return "persons/delete";
    }

    @PostMapping("/persons/{id}/delete")
    String delete(@PathVariable UUID id, Authentication auth, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            persons.delete(context.request(auth, request), new SubjectId(id));
        } catch (io.custodia.people.ConflictException held) {
            // a legal hold: the erasure goes through a data subject request, which keeps what the hold requires
            redirect.addFlashAttribute("notice", "person.delete.held");
            return "redirect:/persons/" + id;
        }
        redirect.addFlashAttribute("notice", "person.deleted");
        return "redirect:/persons";
    }
}
