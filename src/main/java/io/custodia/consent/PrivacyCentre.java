package io.custodia.consent;

import io.custodia.access.AccessRequest;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.people.InvalidInputException;
import io.custodia.people.Person;
import io.custodia.people.PersonField;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The public privacy centre: the privacy notice, the double opt-in confirmation, and the preference
 * centre a person reaches through the sealed link emailed to them (no password). Withdrawing takes the
 * same one click as giving (GDPR Art. 7(3)). A request carrying {@code Sec-GPC: 1} from a known person
 * records their opt-out of sale and sharing (CCPA §7025) and says so.
 */
@Controller
class PrivacyCentre {

    static final String GPC_HEADER = "Sec-GPC";

    private final DoubleOptIn doubleOptIn;
    private final PrivacyLinks links;
    private final ConsentLedger ledger;
    private final PrivacyNotices notices;
    private final PersonService persons;
    private final DataMap dataMap;
    private final ConsentReceipts receipts;

    PrivacyCentre(DoubleOptIn doubleOptIn, PrivacyLinks links, ConsentLedger ledger, PrivacyNotices notices, PersonService persons,
            DataMap dataMap, ConsentReceipts receipts) {
        this.receipts = receipts;
        this.doubleOptIn = doubleOptIn;
        this.links = links;
        this.ledger = ledger;
        this.notices = notices;
        this.persons = persons;
        this.dataMap = dataMap;
    }

    /** The privacy centre's address leads to its first page, the notice (which links to the requests form). */
    @GetMapping({"/privacy", "/privacy/"})
    String centre(@RequestParam(required = false) @Nullable String lang) {
        return "redirect:/privacy/notice" + ("fr".equals(lang) || "en".equals(lang) ? "?lang=" + lang : "");
    }

    /** The privacy notice in force, generated from the data map. */
    @GetMapping("/privacy/notice")
    String notice(@RequestParam(required = false) @Nullable String lang, java.util.Locale locale, Model model) {
        String language = lang != null ? lang : locale.getLanguage();
        model.addAttribute("privacyNotice", notices.current(language));
        return "privacy/notice";
    }

    /** What the confirmation link asks; opening it changes nothing (mail scanners open links too). */
    @GetMapping("/privacy/confirm")
    String confirmPage(@RequestParam(name = "t", required = false) @Nullable String token, @RequestParam(required = false) @Nullable String lang,
            java.util.Locale locale, Model model) {
        PrivacyLinks.Link link = doubleOptIn.pending(token);
        if (lang == null && link.language() != null && !link.language().equals(locale.getLanguage())) {
            // the page speaks the language the person was written to in (the lang parameter sets it, and they may change it)
            return "redirect:/privacy/confirm?t=" + token + "&lang=" + link.language();
        }
        model.addAttribute("token", token);
        model.addAttribute("purpose", dataMap.purpose(link.purpose()).orElseThrow());
        model.addAttribute("noticeLanguage", link.language());
        return "privacy/confirm";
    }

    @PostMapping("/privacy/confirm")
    String confirm(@RequestParam(name = "t", required = false) @Nullable String token, HttpServletRequest request, Model model) {
        PrivacyLinks.Link link = doubleOptIn.pending(token);
        DoubleOptIn.Confirmed result = doubleOptIn.confirm(token, request.getHeader("User-Agent"), request.getRemoteAddr());
        model.addAttribute("purpose", dataMap.purpose(link.purpose()).orElseThrow());
        model.addAttribute("already", result == DoubleOptIn.Confirmed.ALREADY_GIVEN);
        model.addAttribute("preferences", links.preferences(link.subject()));
        return "privacy/confirmed";
    }

    /** The preference centre: each purpose a choice can change, in plain language, on or off. */
    @GetMapping("/privacy/preferences")
    String preferences(@RequestParam(name = "t", required = false) @Nullable String token,
            @RequestHeader(name = GPC_HEADER, required = false) @Nullable String gpc, HttpServletRequest request, Model model) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.PREFERENCES);
        SubjectId subject = link.subject();
        boolean honoured = honourGpc(subject, gpc, request);
        Person person = persons.get(new AccessRequest(DoubleOptIn.subjectActor(subject), DoubleOptIn.PURPOSE), subject)
                .orElseThrow(() -> new PrivacyLinks.LinkRefusedException(PrivacyLinks.LinkRefusedException.Reason.INVALID, "no such person"));
        Map<String, PurposeState> states = new java.util.HashMap<>();
        ledger.state(subject).forEach(s -> states.put(s.purpose(), s));
        // a receipt is of a consent once given: a withdrawal recorded with none before it (staff, a link) has none to give
        java.util.Set<String> everGiven = ledger.history(subject).stream().filter(e -> e.kind().givesConsent() && e.purpose() != null)
                .map(io.custodia.consent.ChoiceEvent::purpose).collect(java.util.stream.Collectors.toSet());
        List<Row> rows = dataMap.purposes().values().stream()
                .filter(p -> !p.aggregateOnly() && (p.legalBasis() == LegalBasis.CONSENT || p.legalBasis() == LegalBasis.LEGITIMATE_INTEREST
                        || p.directMarketing()))
                .map(p -> Row.of(p, states.get(p.id()), everGiven.contains(p.id()))).toList();
        model.addAttribute("token", token);
        model.addAttribute("firstName", Optional.ofNullable(person.value(PersonField.FIRST_NAME)).orElse(""));
        model.addAttribute("rows", rows);
        model.addAttribute("gpcHonoured", honoured || ledger.optedOutOfSaleSince(subject) != null && "1".equals(gpc));
        model.addAttribute("optedOutOfSale", ledger.optedOutOfSaleSince(subject) != null);
        model.addAttribute("optedOutOfSaleSince", day(ledger.optedOutOfSaleSince(subject)));
        model.addAttribute("limitedSensitiveSince", day(ledger.limitedSensitiveSince(subject)));
        model.addAttribute("restricted", ledger.restrictedSince(subject) != null);
        // the California choices for anyone who may be Californian: not for a person recorded under the GDPR (they object instead)
        model.addAttribute("californiaChoices", !"EU".equals(person.value(PersonField.JURISDICTION))
                || ledger.optedOutOfSaleSince(subject) != null || ledger.limitedSensitiveSince(subject) != null);
        return "privacy/preferences";
    }

    private static @Nullable String day(java.time.@Nullable Instant at) {
        return at == null ? null : java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).toString();
    }

    /**
     * The person's choices under California law, one click each, no verification (CCPA §7026 opt-out of sale
     * and sharing; §7027 limit the use of sensitive personal information): {@code choice} is {@code sale} or
     * {@code sensitive}. Once made they stay; a repeat changes nothing.
     */
    @PostMapping("/privacy/preferences/california")
    String california(@RequestParam(name = "t", required = false) @Nullable String token, @RequestParam(defaultValue = "") String choice,
            HttpServletRequest request, RedirectAttributes redirect) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.PREFERENCES);
        SubjectId subject = link.subject();
        ChoiceKind kind = switch (choice) {
            case "sale" -> ChoiceKind.OPTED_OUT_OF_SALE;
            case "sensitive" -> ChoiceKind.LIMITED_SENSITIVE;
            default -> throw InvalidInputException.of("choice", "unknown", "sale or sensitive");
        };
        var since = kind == ChoiceKind.OPTED_OUT_OF_SALE ? ledger.optedOutOfSaleSince(subject) : ledger.limitedSensitiveSince(subject);
        if (since == null) {
            ledger.record(DoubleOptIn.subjectActor(subject), new Choice(subject, kind, null, null, ChoiceSource.PRIVACY_CENTRE, null, null, null,
                    request.getHeader("User-Agent"), request.getRemoteAddr()));
        }
        redirect.addFlashAttribute("saved", kind == ChoiceKind.OPTED_OUT_OF_SALE ? "privacy.saved.sale" : "privacy.saved.sensitive");
        redirect.addAttribute("t", token);
        return "redirect:/privacy/preferences";
    }

    /** One line of the preference centre. */
    /** @param withdrawnOn the day the person withdrew their consent, when that is where it stands (its receipt proves it) */
    record Row(Purpose purpose, boolean consentBased, boolean on, boolean objected, java.time.@Nullable LocalDate withdrawnOn, boolean receipt) {
        static Row of(Purpose purpose, @Nullable PurposeState state, boolean everGiven) {
            String status = state == null ? null : state.status();
            boolean consent = purpose.legalBasis() == LegalBasis.CONSENT;
            java.time.LocalDate withdrawn = consent && "CONSENT_WITHDRAWN".equals(status) && state.since() != null
                    ? java.time.LocalDate.ofInstant(state.since(), java.time.ZoneOffset.UTC) : null;
            return new Row(purpose, consent, consent ? "CONSENT_GIVEN".equals(status) : !"OBJECTED".equals(status), "OBJECTED".equals(status),
                    withdrawn, consent && everGiven && ("CONSENT_GIVEN".equals(status) || withdrawn != null));
        }
    }

    /**
     * One click changes one purpose: {@code on} gives consent (email) or lifts the person's own objection;
     * {@code off} withdraws consent or objects.
     */
    @PostMapping("/privacy/preferences")
    String change(@RequestParam(name = "t", required = false) @Nullable String token, @RequestParam(defaultValue = "") String purpose,
            @RequestParam(defaultValue = "") String set, @RequestHeader(name = GPC_HEADER, required = false) @Nullable String gpc,
            HttpServletRequest request, RedirectAttributes redirect) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.PREFERENCES);
        SubjectId subject = link.subject();
        honourGpc(subject, gpc, request);
        Purpose chosen = dataMap.purpose(purpose).orElseThrow(() -> InvalidInputException.of("purpose", "unknown", "unknown purpose"));
        boolean on = switch (set) {
            case "on" -> true;
            case "off" -> false;
            default -> throw InvalidInputException.of("set", "unknown", "on or off");
        };
        // the language of the page the person chose on (its notice is the one they saw), not merely their browser's first
        String language = "fr".equals(org.springframework.web.servlet.support.RequestContextUtils.getLocale(request).getLanguage()) ? "fr" : "en";
        Choice choice;
        if (chosen.legalBasis() == LegalBasis.CONSENT && !on) {
            ledger.withdrawEverywhere(DoubleOptIn.subjectActor(subject), subject, chosen.id(), ChoiceSource.PRIVACY_CENTRE,
                    request.getHeader("User-Agent"), request.getRemoteAddr());
            redirect.addFlashAttribute("saved", "privacy.saved.off");
            redirect.addAttribute("t", token);
            return "redirect:/privacy/preferences";
        }
        if (chosen.legalBasis() == LegalBasis.CONSENT) {
            choice = new Choice(subject, ChoiceKind.GIVEN, chosen.id(), Channel.EMAIL, ChoiceSource.PRIVACY_CENTRE,
                    language, null, null, request.getHeader("User-Agent"), request.getRemoteAddr());
        } else {
            choice = new Choice(subject, on ? ChoiceKind.OBJECTION_LIFTED : ChoiceKind.OBJECTED, chosen.id(), null, ChoiceSource.PRIVACY_CENTRE,
                    null, null, null, request.getHeader("User-Agent"), request.getRemoteAddr());
        }
        ledger.record(DoubleOptIn.subjectActor(subject), choice);
        redirect.addFlashAttribute("saved", on ? "privacy.saved.on" : "privacy.saved.off");
        redirect.addAttribute("t", token);
        return "redirect:/privacy/preferences";
    }

    /** The receipt of the person's latest consent to a purpose, for them to keep (ISO/IEC TS 27560 structure). */
    @GetMapping(path = "/privacy/receipt", produces = "application/json")
    ResponseEntity<Map<String, Object>> receipt(@RequestParam(name = "t", required = false) @Nullable String token,
            @RequestParam(defaultValue = "") String purpose) {
        SubjectId subject = links.open(token, PrivacyLinks.Kind.PREFERENCES).subject();
        ChoiceEvent latest = ledger.history(subject).reversed().stream()
                .filter(e -> e.kind().givesConsent() && purpose.equals(e.purpose())).findFirst()
                .orElseThrow(() -> InvalidInputException.of("purpose", "no-consent", "no consent was given for this purpose"));
        ledger.auditOwnRead(subject, "consent-receipt");
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"consent-receipt-" + purpose + ".json\"")
                .body(receipts.receipt(subject, latest.id()));
    }

    /** The page an unsubscribe link opens: one button (opening the link alone changes nothing: mail scanners open links). */
    @GetMapping("/privacy/unsubscribe")
    String unsubscribePage(@RequestParam(name = "t", required = false) @Nullable String token, Model model) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.UNSUBSCRIBE);
        model.addAttribute("token", token);
        model.addAttribute("purpose", dataMap.purpose(link.purpose()).orElseThrow());
        return "privacy/unsubscribe";
    }

    /**
     * Unsubscribes at once: the button of that page, or the mail client's one-click POST (RFC 8058,
     * {@code List-Unsubscribe=One-Click}, no session). Consent is withdrawn on every channel; for a purpose
     * founded on legitimate interest, the person objects (GDPR Art. 21).
     */
    @PostMapping("/privacy/unsubscribe")
    String unsubscribe(@RequestParam(name = "t", required = false) @Nullable String token, HttpServletRequest request, Model model) {
        PrivacyLinks.Link link = links.open(token, PrivacyLinks.Kind.UNSUBSCRIBE);
        Purpose purpose = dataMap.purpose(link.purpose()).orElseThrow();
        var self = DoubleOptIn.subjectActor(link.subject());
        if (purpose.legalBasis() == LegalBasis.CONSENT) {
            ledger.withdrawEverywhere(self, link.subject(), purpose.id(), ChoiceSource.EMAIL_LINK, request.getHeader("User-Agent"), null);
        } else if (!"OBJECTED".equals(ledger.state(link.subject()).stream().filter(s -> s.purpose().equals(purpose.id())).findFirst()
                .map(PurposeState::status).orElse(null))) {
            ledger.record(self, Choice.of(link.subject(), ChoiceKind.OBJECTED, purpose.id(), null, ChoiceSource.EMAIL_LINK));
        }
        model.addAttribute("purpose", purpose);
        model.addAttribute("preferences", links.preferences(link.subject()));
        return "privacy/unsubscribed";
    }

    /** The site-wide GPC support statement (GPC specification, §3.6: /.well-known/gpc.json). */
    @GetMapping(path = "/.well-known/gpc.json", produces = "application/json")
    @ResponseBody
    Map<String, Object> gpcSupport() {
        return Map.of("gpc", true, "lastUpdate", "2026-11-29");
    }

    /** Records a GPC opt-out once for a known person; a request without the signal changes nothing. */
    private boolean honourGpc(SubjectId subject, @Nullable String gpc, HttpServletRequest request) {
        if (!"1".equals(gpc == null ? null : gpc.trim())) return false;
        if (ledger.optedOutOfSaleSince(subject) != null) return true;
        ledger.record(DoubleOptIn.subjectActor(subject), new Choice(subject, ChoiceKind.OPTED_OUT_OF_SALE, null, null, ChoiceSource.GPC,
                null, null, null, request.getHeader("User-Agent"), request.getRemoteAddr()));
        return true;
    }

    @ExceptionHandler
    ModelAndView linkRefused(PrivacyLinks.LinkRefusedException e) {
        return refusal(e.reason().name(), e.reason() == PrivacyLinks.LinkRefusedException.Reason.EXPIRED ? HttpStatus.GONE : HttpStatus.BAD_REQUEST);
    }

    /** The person was erased meanwhile: their link leads nowhere. */
    @ExceptionHandler
    ModelAndView gone(io.custodia.people.NotFoundException e) {
        return refusal("INVALID", HttpStatus.NOT_FOUND);
    }

    @ExceptionHandler
    ModelAndView mail(MailUnavailableException e) {
        return refusal("MAIL", HttpStatus.SERVICE_UNAVAILABLE);
    }

    @ExceptionHandler
    ModelAndView refused(InvalidInputException e) {
        return refusal("INPUT", HttpStatus.BAD_REQUEST);
    }

    private static ModelAndView refusal(String reason, HttpStatus status) {
        return PrivacyRefusals.page(reason, status);
    }
}
