package io.custodia.web;

import io.custodia.access.AccessRequest;
import io.custodia.access.NoteRefusedException;
import io.custodia.datamap.Purpose;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.people.OrganisationService;
import io.custodia.people.Person;
import io.custodia.people.PersonField;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.policy.FieldRefusedException;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.shared.SubjectId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
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
 * Creating and changing a person. The form holds only the fields the current purpose covers; fields it does
 * not cover are neither shown nor sent, so they are kept as they are (minimisation, GDPR Art. 5(1)(c)).
 */
@Controller
class PersonForms {

    /** Each field's longest value, as the service checks it: the form stops typing there. */
    private static final java.util.Map<String, Integer> MAX_LENGTHS = java.util.Arrays.stream(io.custodia.people.PersonField.values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(io.custodia.people.PersonField::json, io.custodia.people.PersonField::maxLength));

    /** The form's box that creates the person even though their email address is already recorded. */
    static final String CREATE_ANYWAY = "createAnyway";

    private final PersonService persons;
    private final OrganisationService organisations;
    private final StaffContext context;
    private final FormErrors formErrors;

    PersonForms(PersonService persons, OrganisationService organisations, StaffContext context, FormErrors formErrors) {
        this.persons = persons;
        this.organisations = organisations;
        this.context = context;
        this.formErrors = formErrors;
    }

    @GetMapping("/persons/new")
    ModelAndView newPerson(@RequestParam(required = false) UUID organisationId, Authentication auth, HttpServletRequest request) {
        Map<String, String> form = new HashMap<>();
        if (organisationId != null) form.put("organisationId", organisationId.toString());
        return form(null, form, Map.of(), auth, request, HttpStatus.OK);
    }

    @PostMapping("/persons")
    ModelAndView create(@RequestParam Map<String, String> form, Authentication auth, HttpServletRequest request,
            RedirectAttributes redirect) {
        Purpose purpose = purpose(auth, request);
        AccessRequest access = context.request(auth, request);
        try {
            PersonInput input = covered(PersonInput.fromForm(normalised(form)), purpose);
            if (!"yes".equals(form.get(CREATE_ANYWAY))) {
                List<SubjectId> same = sameEmail(access, input);
                if (!same.isEmpty()) {
                    ModelAndView page = form(null, form, Map.of(), auth, request, HttpStatus.CONFLICT);
                    page.addObject("duplicates", same);
                    return page;
                }
            }
            Person person = persons.create(access, input);
            redirect.addFlashAttribute("notice", "person.created");
            return new ModelAndView("redirect:/persons/" + person.id());
        } catch (InvalidInputException e) {
            return refused(null, form, e, purpose, auth, request);
        } catch (NoteRefusedException e) {
            return form(null, redacted(form, e), formErrors.one(fieldOf(e), "error.note-refused"), auth, request, HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (FieldRefusedException e) {
            return form(null, form, formErrors.one(FormErrors.GLOBAL, "error.field-refused"), auth, request, HttpStatus.FORBIDDEN);
        }
    }

    @GetMapping("/persons/{id}/edit")
    ModelAndView edit(@PathVariable UUID id, Authentication auth, HttpServletRequest request) {
        Person person = persons.get(context.request(auth, request), new SubjectId(id))
                .orElseThrow(() -> new NotFoundException("person", id));
        return form(id, PersonViews.form(person), Map.of(), auth, request, HttpStatus.OK);
    }

    @PostMapping("/persons/{id}/edit")
    ModelAndView update(@PathVariable UUID id, @RequestParam Map<String, String> form, Authentication auth,
            HttpServletRequest request, RedirectAttributes redirect) {
        Purpose purpose = purpose(auth, request);
        AccessRequest access = context.request(auth, request);
        try {
            persons.update(access, new SubjectId(id), covered(PersonInput.fromForm(normalised(form)), purpose));
            redirect.addFlashAttribute("notice", "person.saved");
            return new ModelAndView("redirect:/persons/" + id);
        } catch (InvalidInputException e) {
            return refused(id, form, e, purpose, auth, request);
        } catch (NoteRefusedException e) {
            return form(id, redacted(form, e), formErrors.one(fieldOf(e), "error.note-refused"), auth, request, HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (FieldRefusedException e) {
            return form(id, form, formErrors.one(FormErrors.GLOBAL, "error.field-refused"), auth, request, HttpStatus.FORBIDDEN);
        }
    }

    /**
     * The persons already recorded with one of the input's email addresses (the blind index; each search is
     * recorded with its count, never the address), at most five: a record typed twice splits a person's
     * history, consents and requests in two (GDPR Art. 5(1)(d), accuracy). The form then offers the existing
     * record, or "create anyway" for two people who share an address.
     */
    private List<SubjectId> sameEmail(AccessRequest access, PersonInput input) {
        List<String> emails = input.values().get(PersonField.EMAILS);
        if (emails == null || emails.isEmpty()) return List.of();
        java.util.Set<SubjectId> found = new java.util.LinkedHashSet<>();
        try {
            for (String email : emails) {
                found.addAll(persons.findByEmail(access, email));
            }
        } catch (PurposeRefusedException | FieldRefusedException e) {
            return List.of(); // the purpose may write addresses it may not search by: nothing to offer then
        }
        return found.stream().limit(5).toList();
    }

    /** The input restricted to the fields the purpose covers (a form always carries every field, blank when absent). */
    static PersonInput covered(PersonInput input, Purpose purpose) {
        Map<PersonField, @Nullable List<String>> values = new EnumMap<>(PersonField.class);
        input.values().forEach((field, value) -> {
            if (purpose.covers(field.fieldId())) values.put(field, value);
        });
        return new PersonInput(values);
    }

    /**
     * The form again with its field errors and, in the same go, any text the write would also refuse (a card
     * number in notes, masked in the form sent back: the page never carries the number, whatever else was wrong).
     */
    private ModelAndView refused(@Nullable UUID id, Map<String, String> form, InvalidInputException e, Purpose purpose,
            Authentication auth, HttpServletRequest request) {
        List<String> shown = formFields(purpose);
        Map<String, List<String>> errors = new java.util.LinkedHashMap<>(formErrors.of(e, shown));
        Map<String, String> typed = form;
        Map<String, String> covered = new HashMap<>();
        form.forEach((field, value) -> {
            if (shown.contains(field)) covered.put(field, value);
        });
        for (NoteRefusedException text : persons.refusedTexts(covered)) {
            errors.computeIfAbsent(fieldOf(text), k -> new ArrayList<>()).addAll(formErrors.one(fieldOf(text), "error.note-refused").get(fieldOf(text)));
            typed = redacted(typed, text);
        }
        return form(id, typed, errors, auth, request, HttpStatus.BAD_REQUEST);
    }

    /** The form field of a refused text (notes or tags). */
    private static String fieldOf(NoteRefusedException e) {
        return PersonField.ofFieldId(e.field()).map(PersonField::json).orElse("notes");
    }

    /** The form as typed, except the refused text, shown back with the card number masked. */
    private static Map<String, String> redacted(Map<String, String> form, NoteRefusedException e) {
        Map<String, String> copy = new HashMap<>(form);
        copy.put(fieldOf(e), e.redactedText());
        return copy;
    }

    /** The country code in upper case, as stored (ISO 3166-1 alpha-2); the rest as typed. */
    private static Map<String, String> normalised(Map<String, String> form) {
        Map<String, String> copy = new HashMap<>(form);
        copy.computeIfPresent("country", (k, v) -> v.strip().toUpperCase(java.util.Locale.ROOT));
        return copy;
    }

    private ModelAndView form(@Nullable UUID id, Map<String, String> form, Map<String, List<String>> errors,
            Authentication auth, HttpServletRequest request, HttpStatus status) {
        Purpose purpose = purpose(auth, request);
        ModelAndView page = new ModelAndView("persons/form");
        page.setStatus(status);
        page.addObject("personId", id);
        page.addObject("form", form);
        page.addObject(FormErrors.ATTRIBUTE, errors);
        page.addObject("editable", PersonViews.editable(purpose));
        page.addObject("maxLengths", MAX_LENGTHS);
        page.addObject("tagsEditable", purpose != null && purpose.covers(PersonField.TAGS.fieldId()));
        page.addObject("organisationEditable", purpose != null && purpose.covers(PersonField.ORGANISATION.fieldId()));
        page.addObject("organisations", organisations.choices(OrganisationPages.SELECT_LIMIT, form.get("organisationId")));
        return page;
    }

    private static List<String> formFields(Purpose purpose) {
        List<String> fields = new ArrayList<>(PersonViews.editable(purpose));
        fields.add("organisationId");
        fields.add("tags");
        return fields;
    }

    /** The purpose of the form; without one the refusal page explains what to do. */
    private Purpose purpose(Authentication auth, HttpServletRequest request) {
        return context.current(auth, request).orElseThrow(() -> new PurposeRefusedException(PurposeRefusedException.Reason.MISSING,
                "Every use of personal data names its purpose", List.of()));
    }
}
