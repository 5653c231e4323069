package io.custodia.consent;

import io.custodia.access.AccessRequest;
import io.custodia.crypto.EvidenceDigests;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.InvalidInputException;
import io.custodia.people.Person;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The embeddable sign-up form: a first name, an email address and one unticked box per consent purpose
 * (CNIL: no pre-ticked boxes; one box per purpose), with the link to the notice. A ticked box starts a
 * double opt-in, so consent counts only once the person confirms from their mailbox; with no box
 * ticked nothing is stored (minimisation). Spam protection keeps no personal data: a honeypot field
 * and a per-address rate limit held in memory under a keyed hash of the address, forgotten after the
 * window. {@code GET /privacy/forms/{form}} is the form as a page, {@code …/snippet} its HTML to paste
 * into the company's site; both post to {@code POST /privacy/forms/{form}}.
 */
@Controller
class LeadForms {

    /** Submissions allowed per address in {@link #WINDOW}. */
    static final int PER_ADDRESS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    /** The field a person never sees and a robot fills in. */
    static final String HONEYPOT = "website";
    private static final java.util.regex.Pattern FORM_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** Persons are looked up by email under the consent purpose by the form itself, not by the visitor. */
    private static final Actor FORM = Actor.system(java.util.Set.of(Role.DPO));

    private final DataMap dataMap;
    private final PersonService persons;
    private final DoubleOptIn doubleOptIn;
    private final ConsentLedger ledger;
    private final EvidenceDigests digests;
    private final PrivacyProperties properties;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    LeadForms(DataMap dataMap, PersonService persons, DoubleOptIn doubleOptIn, ConsentLedger ledger, EvidenceDigests digests,
            PrivacyProperties properties, Clock clock, org.springframework.transaction.PlatformTransactionManager transactions) {
        this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.dataMap = dataMap;
        this.persons = persons;
        this.doubleOptIn = doubleOptIn;
        this.ledger = ledger;
        this.digests = digests;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/privacy/forms/{form}")
    String page(@PathVariable String form, Model model) {
        model.addAttribute("formId", formId(form));
        model.addAttribute("consentPurposes", consentPurposes());
        model.addAttribute("action", "/privacy/forms/" + form);
        return "privacy/form";
    }

    /** The form's HTML alone, with absolute addresses, to paste into another site. */
    @GetMapping(path = "/privacy/forms/{form}/snippet", produces = "text/html")
    String snippet(@PathVariable String form, Model model) {
        model.addAttribute("formId", formId(form));
        model.addAttribute("consentPurposes", consentPurposes());
        model.addAttribute("action", properties.url("/privacy/forms/" + form));
        model.addAttribute("noticeUrl", properties.url("/privacy/notice"));
        return "privacy/form :: snippet";
    }

    @PostMapping("/privacy/forms/{form}")
    ModelAndView submit(@PathVariable String form, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String firstName, @RequestParam(required = false) @Nullable List<String> consent,
            @RequestParam(name = HONEYPOT, defaultValue = "") String honeypot, @RequestParam(defaultValue = "") String language,
            @RequestHeader(name = PrivacyCentre.GPC_HEADER, required = false) @Nullable String gpc, HttpServletRequest request, Locale locale) {
        String formId = formId(form);
        if (!honeypot.isEmpty()) {
            // a robot: answered like anyone, so it learns nothing; nothing is stored
            return done(0);
        }
        String lang = "fr".equals(language) || (language.isEmpty() && "fr".equals(locale.getLanguage())) ? "fr" : "en";
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("emails", List.of(email.trim()));
        if (!firstName.isBlank()) input.put("firstName", firstName.trim());
        input.put("language", lang);
        PersonInput person;
        try {
            person = PersonInput.fromJson(input, 0); // validates: a bad address is refused before anything is stored
        } catch (InvalidInputException e) {
            // the form again, as typed, each mistake under its field in the page's language; it does not count against the limit
            ModelAndView again = new ModelAndView("privacy/form");
            again.addObject("formId", formId);
            again.addObject("consentPurposes", consentPurposes());
            again.addObject("action", "/privacy/forms/" + form);
            again.addObject("email", email.trim());
            again.addObject("firstName", firstName.trim());
            again.addObject("checked", consent == null ? List.of() : consent);
            again.addObject("invalid", e.errors().stream().map(f -> f.field().replaceAll("\\[.*", "")).collect(java.util.stream.Collectors.toSet()));
            again.setStatus(HttpStatus.BAD_REQUEST);
            return again;
        }
        if (!allowed(request.getRemoteAddr())) {
            ModelAndView slow = new ModelAndView("privacy/form-done");
            slow.addObject("tooMany", true);
            slow.setStatus(HttpStatus.TOO_MANY_REQUESTS);
            return slow;
        }
        List<Purpose> chosen = new ArrayList<>();
        for (String id : consent == null ? List.<String>of() : consent) {
            Purpose purpose = dataMap.purpose(id).filter(p -> p.legalBasis() == LegalBasis.CONSENT)
                    .orElseThrow(() -> InvalidInputException.of("consent", "unknown", "not a consent purpose of this form"));
            if (!chosen.contains(purpose)) chosen.add(purpose);
        }
        if (chosen.isEmpty()) {
            // nothing asked for: nothing kept (GDPR Art. 5(1)(c))
            return done(0);
        }
        // all or nothing: a new person is kept only with the requests their boxes asked for, and only if the emails left
        transaction.executeWithoutResult(status -> {
            SubjectId subject = existing(email).orElseGet(() -> {
                SubjectId fresh = SubjectId.random();
                persons.createWithId(new AccessRequest(DoubleOptIn.subjectActor(fresh), DoubleOptIn.PURPOSE), fresh, person);
                return fresh;
            });
            Actor self = DoubleOptIn.subjectActor(subject);
            for (Purpose purpose : chosen) {
                doubleOptIn.request(self, subject, purpose.id(), lang, ChoiceSource.WEB_FORM, formId, request.getHeader("User-Agent"),
                        request.getRemoteAddr());
            }
            if ("1".equals(gpc == null ? null : gpc.trim()) && ledger.optedOutOfSaleSince(subject) == null) {
                ledger.record(self, new Choice(subject, ChoiceKind.OPTED_OUT_OF_SALE, null, null, ChoiceSource.GPC, null, null, formId,
                        request.getHeader("User-Agent"), null));
            }
        });
        return done(chosen.size());
    }

    private java.util.Optional<SubjectId> existing(String email) {
        try {
            return persons.findByEmail(new AccessRequest(FORM, DoubleOptIn.PURPOSE), email).stream().findFirst();
        } catch (InvalidInputException e) {
            return java.util.Optional.empty();
        }
    }

    private ModelAndView done(int asked) {
        ModelAndView page = new ModelAndView("privacy/form-done");
        page.addObject("asked", asked);
        page.addObject("tooMany", false);
        return page;
    }

    /** At most {@link #PER_ADDRESS} submissions per address per {@link #WINDOW}; old marks are dropped as they age. */
    boolean allowed(String address) {
        Instant now = clock.instant();
        String key = digests.ipAddress(address);
        Deque<Instant> marks = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (marks) {
            while (!marks.isEmpty() && marks.peekFirst().isBefore(now.minus(WINDOW))) marks.pollFirst();
            if (marks.size() >= PER_ADDRESS) return false;
            marks.addLast(now);
        }
        if (recent.size() > 10_000) recent.entrySet().removeIf(e -> e.getValue().isEmpty());
        return true;
    }

    /** Forgets every count (tests start from an empty window). */
    void forgetCounts() {
        recent.clear();
    }

    private List<Purpose> consentPurposes() {
        return dataMap.purposes().values().stream().filter(p -> p.legalBasis() == LegalBasis.CONSENT).toList();
    }

    private static String formId(String form) {
        if (!FORM_ID.matcher(form).matches()) throw InvalidInputException.of("form", "invalid", "a form id is 1 to 40 lowercase letters, digits or dashes");
        return form;
    }

    /** The confirmation email could not leave: nothing was kept; the visitor may try again. */
    @org.springframework.web.bind.annotation.ExceptionHandler
    ModelAndView mail(MailUnavailableException e) {
        ModelAndView page = new ModelAndView("privacy/form-done");
        page.addObject("tooMany", false);
        page.addObject("mailDown", true);
        page.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
        return page;
    }

    /** A person who stopped this processing (objection, restriction) is not asked again; they are told so, and nothing is kept. */
    @org.springframework.web.bind.annotation.ExceptionHandler
    ModelAndView stopped(io.custodia.policy.BasisRefusedException e) {
        ModelAndView page = done(0);
        page.addObject("stopped", true);
        return page;
    }

    @org.springframework.web.bind.annotation.ExceptionHandler
    ModelAndView refused(InvalidInputException e) {
        ModelAndView page = new ModelAndView("privacy/form-done");
        page.addObject("errors", e.errors());
        page.addObject("tooMany", false);
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }
}
