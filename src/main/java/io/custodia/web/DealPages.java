package io.custodia.web;

import io.custodia.identity.CurrentActor;
import io.custodia.people.Deal;
import io.custodia.people.DealService;
import io.custodia.people.DealStage;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.people.OrganisationService;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pipeline board and the deal forms. Deals are business data; a contact is a person id, never a name here (a contact
 * may be typed as an email address: the person is found by it, and the deal keeps their id).
 */
@Controller
class DealPages {

    static final int PER_STAGE = 50;
    private static final List<String> FIELDS = List.of("title", "stage", "amount", "currency", "organisationId", "contactId",
            "expectedClose");

    private final DealService deals;
    private final OrganisationService organisations;
    private final FormErrors formErrors;
    private final io.custodia.people.PersonService persons;
    private final StaffContext context;

    DealPages(DealService deals, OrganisationService organisations, FormErrors formErrors, io.custodia.people.PersonService persons,
            StaffContext context) {
        this.persons = persons;
        this.context = context;
        this.deals = deals;
        this.organisations = organisations;
        this.formErrors = formErrors;
    }

    /** One column of the board: a stage, its deals counted and their amounts per currency, and its most recently changed deals. */
    record Column(DealStage stage, DealService.StageTotal total, List<Deal> deals, boolean more) {
    }

    @GetMapping("/deals")
    String board(Model model) {
        List<Column> columns = deals.pipeline().stream().map(total -> {
            List<Deal> found = deals.list(total.stage(), null, 0, PER_STAGE + 1);
            return new Column(total.stage(), total, found.stream().limit(PER_STAGE).toList(), found.size() > PER_STAGE);
        }).toList();
        model.addAttribute("columns", columns);
        return "deals/board";
    }

    @GetMapping("/deals/new")
    ModelAndView newDeal(@RequestParam(required = false) UUID contactId, @RequestParam(required = false) UUID organisationId,
            Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("stage", DealStage.LEAD.name());
        form.put("currency", "EUR");
        form.put("contactId", contactId == null ? "" : contactId.toString());
        form.put("organisationId", organisationId == null ? "" : organisationId.toString());
        return form(null, form, Map.of(), HttpStatus.OK, auth, request);
    }

    @PostMapping("/deals")
    ModelAndView create(@RequestParam Map<String, String> form, Authentication auth, jakarta.servlet.http.HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            deals.create(CurrentActor.of(auth), input(form, auth, request));
            redirect.addFlashAttribute("notice", "deal.created");
            return new ModelAndView("redirect:/deals");
        } catch (InvalidInputException e) {
            return form(null, FormErrors.maskRefused(form, e, persons::masked), formErrors.of(e, FIELDS), HttpStatus.BAD_REQUEST, auth, request);
        }
    }

    @GetMapping("/deals/{id}/edit")
    ModelAndView edit(@PathVariable UUID id, Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        Deal deal = find(id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", deal.title());
        form.put("stage", deal.stage().name());
        // as the page's language writes it, which is how the form reads it back (12500,50 in French)
        String amount = deal.amount().toPlainString();
        form.put("amount", "fr".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage()) ? amount.replace('.', ',') : amount);
        form.put("currency", deal.currency());
        form.put("organisationId", deal.organisationId() == null ? "" : deal.organisationId().toString());
        form.put("contactId", deal.contactId() == null ? "" : deal.contactId().toString());
        form.put("expectedClose", deal.expectedClose() == null ? "" : deal.expectedClose().toString());
        return form(id, form, Map.of(), HttpStatus.OK, auth, request);
    }

    @PostMapping("/deals/{id}/edit")
    ModelAndView update(@PathVariable UUID id, @RequestParam Map<String, String> form, Authentication auth,
            jakarta.servlet.http.HttpServletRequest request, RedirectAttributes redirect) {
        try {
            deals.update(CurrentActor.of(auth), id, input(form, auth, request));
            redirect.addFlashAttribute("notice", "deal.saved");
            return new ModelAndView("redirect:/deals");
        } catch (InvalidInputException e) {
            return form(id, FormErrors.maskRefused(form, e, persons::masked), formErrors.of(e, FIELDS), HttpStatus.BAD_REQUEST, auth, request);
        }
    }

    @GetMapping("/deals/{id}/delete")
    String confirmDelete(@PathVariable UUID id, Model model) {
        model.addAttribute("deal", find(id));
        return "deals/delete";
    }

    @PostMapping("/deals/{id}/delete")
    String delete(@PathVariable UUID id, Authentication auth, RedirectAttributes redirect) {
        deals.delete(CurrentActor.of(auth), id);
        redirect.addFlashAttribute("notice", "deal.deleted");
        return "redirect:/deals";
    }

    private Deal find(UUID id) {
        return deals.get(id).orElseThrow(() -> new NotFoundException("deal", id));
    }

    /**
     * The service's fields only (not the CSRF token); the currency in upper case, as ISO 4217 writes it; the amount
     * as the page's language writes numbers ({@link #amount}).
     */
    private Map<String, Object> input(Map<String, String> form, Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        Map<String, Object> input = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = form.getOrDefault(field, "").strip();
            input.put(field, switch (field) {
                case "currency" -> value.toUpperCase(Locale.ROOT);
                case "amount" -> amount(value, org.springframework.context.i18n.LocaleContextHolder.getLocale());
                case "contactId" -> value.contains("@") ? contactByEmail(value, auth, request) : value;
                default -> value;
            });
        }
        return input;
    }

    /**
     * The person with this email address, for a contact typed as an address: an exact search of the blind index
     * under the staff member's purpose, recorded in the ledger with its count (never the address). The deal keeps
     * the person's id only.
     *
     * @throws InvalidInputException naming the contact field when no one, or more than one person, has the address,
     *                               or when the purpose may not search by email
     */
    private String contactByEmail(String email, Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        List<io.custodia.shared.SubjectId> found;
        try {
            found = persons.findByEmail(context.request(auth, request), email);
        } catch (io.custodia.policy.PurposeRefusedException | io.custodia.policy.FieldRefusedException e) {
            throw contactProblem("needs-purpose", "choose a purpose that covers email addresses to find a contact by email");
        }
        if (found.isEmpty()) throw contactProblem("not-found", "no one is recorded with this email address");
        if (found.size() > 1) throw contactProblem("ambiguous", "several people have this email address: open the right one and use New deal");
        return found.getFirst().value().toString();
    }

    /**
     * The name of the contact the form holds by id, so the rep sees who it is: a read of the person under the staff
     * member's purpose, recorded as every read is; none when there is no such person or the purpose does not show names.
     */
    private @Nullable String contactName(@Nullable String contactId, Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        if (contactId == null || !contactId.strip().matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) return null;
        try {
            return persons.get(context.request(auth, request), new io.custodia.shared.SubjectId(UUID.fromString(contactId.strip())))
                    .map(io.custodia.people.Person::displayName).filter(name -> !name.isBlank()).orElse(null);
        } catch (RuntimeException refused) {
            // no purpose chosen, a purpose that does not cover names, a person restricted: the form shows the id alone
            return null;
        }
    }

    private static InvalidInputException contactProblem(String code, String message) {
        return new InvalidInputException(List.of(new InvalidInputException.FieldError("contactId", "contact-" + code, message, 0)));
    }

    /**
     * An amount typed as the page's language writes it, in the service's form (12500.50): in French "12 500,50"
     * (spaces group thousands, the comma is the decimal mark), in English "12,500.50". Anything else is passed on
     * as typed, for the service to refuse with its message.
     */
    static String amount(String typed, Locale locale) {
        String compact = typed.replaceAll("[\\s\\u00a0\\u202f]", "");
        if ("fr".equals(locale.getLanguage())) {
            return compact.matches("[0-9]+(,[0-9]{1,2})?") ? compact.replace(',', '.') : compact;
        }
        return compact.matches("[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]{1,2})?") ? compact.replace(",", "") : compact;
    }

    private ModelAndView form(@Nullable UUID id, Map<String, String> form, Map<String, List<String>> errors, HttpStatus status,
            Authentication auth, jakarta.servlet.http.HttpServletRequest request) {
        ModelAndView page = new ModelAndView("deals/form");
        page.addObject("contactName", contactName(form.get("contactId"), auth, request));
        page.setStatus(status);
        page.addObject("dealId", id);
        page.addObject("form", form);
        page.addObject(FormErrors.ATTRIBUTE, errors);
        page.addObject("stages", DealStage.values());
        page.addObject("organisations", organisations.choices(OrganisationPages.SELECT_LIMIT, form.get("organisationId")));
        return page;
    }
}
