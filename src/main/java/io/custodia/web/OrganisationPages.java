package io.custodia.web;

import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.people.Organisation;
import io.custodia.people.OrganisationService;
import io.custodia.people.PersonService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
 * Organisations: list, detail with their contacts, create, change and delete. An organisation is a legal
 * person, not personal data, so its name may be filtered in the URL; its contacts are read for the purpose.
 */
@Controller
class OrganisationPages {

    /** The most organisations offered in a select list. */
    static final int SELECT_LIMIT = 200;
    private static final List<String> FIELDS = List.of("name", "domain", "country", "industry");

    private final OrganisationService organisations;
    private final PersonService persons;
    private final StaffContext context;
    private final FormErrors formErrors;
    private final io.custodia.people.DealService deals;

    /** How many of an organisation's deals its page lists (the board has them all). */
    static final int DEALS_SHOWN = 50;

    OrganisationPages(OrganisationService organisations, PersonService persons, StaffContext context, FormErrors formErrors,
            io.custodia.people.DealService deals) {
        this.deals = deals;
        this.organisations = organisations;
        this.persons = persons;
        this.context = context;
        this.formErrors = formErrors;
    }

    @GetMapping("/organisations")
    String list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "") String name, Model model) {
        int current = Math.max(0, page);
        // One more than a page tells whether a next page exists.
        List<Organisation> found = organisations.list(current, PersonPages.PAGE_SIZE + 1, name);
        model.addAttribute("organisations", found.stream().limit(PersonPages.PAGE_SIZE).toList());
        model.addAttribute("page", current);
        model.addAttribute("hasNext", found.size() > PersonPages.PAGE_SIZE);
        model.addAttribute("name", name);
        return "organisations/list";
    }

    @GetMapping("/organisations/{id}")
    String detail(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page, Authentication auth,
            HttpServletRequest request, Model model) {
        model.addAttribute("organisation", find(id));
        model.addAttribute("deals", deals.ofOrganisation(id, DEALS_SHOWN));
        if (context.current(auth, request).isPresent()) {
            PersonService.Page contacts = persons.list(context.request(auth, request), Math.max(0, page), PersonPages.PAGE_SIZE, id);
            model.addAttribute("rows", PersonViews.rows(contacts.items()));
            model.addAttribute("contacts", contacts);
        }
        return "organisations/detail";
    }

    @GetMapping("/organisations/new")
    ModelAndView newOrganisation() {
        return form(null, Map.of(), Map.of(), HttpStatus.OK);
    }

    @PostMapping("/organisations")
    ModelAndView create(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            Organisation created = organisations.create(input(form));
            redirect.addFlashAttribute("notice", "organisation.created");
            return new ModelAndView("redirect:/organisations/" + created.id());
        } catch (InvalidInputException e) {
            return form(null, FormErrors.maskRefused(form, e, persons::masked), formErrors.of(e, FIELDS), HttpStatus.BAD_REQUEST);
        }
    }

    @GetMapping("/organisations/{id}/edit")
    ModelAndView edit(@PathVariable UUID id) {
        Organisation o = find(id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", o.name());
        form.put("domain", o.domain() == null ? "" : o.domain());
        form.put("country", o.country() == null ? "" : o.country());
        form.put("industry", o.industry() == null ? "" : o.industry());
        return form(id, form, Map.of(), HttpStatus.OK);
    }

    @PostMapping("/organisations/{id}/edit")
    ModelAndView update(@PathVariable UUID id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        try {
            organisations.update(id, input(form));
            redirect.addFlashAttribute("notice", "organisation.saved");
            return new ModelAndView("redirect:/organisations/" + id);
        } catch (InvalidInputException e) {
            return form(id, FormErrors.maskRefused(form, e, persons::masked), formErrors.of(e, FIELDS), HttpStatus.BAD_REQUEST);
        }
    }

    @GetMapping("/organisations/{id}/delete")
    String confirmDelete(@PathVariable UUID id, Model model) {
        model.addAttribute("organisation", find(id));
        return "organisations/delete";
    }

    @PostMapping("/organisations/{id}/delete")
    String delete(@PathVariable UUID id, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            organisations.delete(id);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("organisation", find(id));
            model.addAttribute(FormErrors.ATTRIBUTE, formErrors.of(e, List.of()));
            return "organisations/delete";
        }
        redirect.addFlashAttribute("notice", "organisation.deleted");
        return "redirect:/organisations";
    }

    private Organisation find(UUID id) {
        return organisations.get(id).orElseThrow(() -> new NotFoundException("organisation", id));
    }

    /** The service's fields only (not the CSRF token); domain in lower case and country in upper case, as stored. */
    private static Map<String, Object> input(Map<String, String> form) {
        Map<String, Object> input = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = form.getOrDefault(field, "").strip();
            if (field.equals("domain")) value = value.toLowerCase(Locale.ROOT);
            if (field.equals("country")) value = value.toUpperCase(Locale.ROOT);
            input.put(field, value);
        }
        return input;
    }

    private static ModelAndView form(@Nullable UUID id, Map<String, String> form, Map<String, List<String>> errors, HttpStatus status) {
        ModelAndView page = new ModelAndView("organisations/form");
        page.setStatus(status);
        page.addObject("organisationId", id);
        page.addObject("form", form);
        page.addObject(FormErrors.ATTRIBUTE, errors);
        return page;
    }
}
