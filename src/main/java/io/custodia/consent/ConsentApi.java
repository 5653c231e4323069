package io.custodia.consent;

import io.custodia.identity.Actor;
import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.InvalidInputException.FieldError;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consent ledger over HTTP: a person's consents, objections and restriction, and the privacy notice.
 * Choices are recorded with the caller as the actor; bad input is answered with 400 naming each field,
 * and nothing is written.
 */
@RestController
@RequestMapping("/api/v1")
class ConsentApi {

    private static final Set<String> CONSENT_KEYS = Set.of("purpose", "channel", "status", "source", "noticeLanguage", "formId",
            "userAgent", "ipAddress");
    private static final Set<String> OBJECTION_KEYS = Set.of("purpose", "source");
    private static final Set<String> RESTRICTION_KEYS = Set.of("source");
    /** The sources a caller may name: the others are Custodia's own (privacy centre, email links, GPC, system). */
    static final List<ChoiceSource> API_SOURCES = List.of(ChoiceSource.API, ChoiceSource.IMPORT, ChoiceSource.WEB_FORM,
            ChoiceSource.STAFF_PHONE, ChoiceSource.STAFF_IN_PERSON);

    private final ConsentLedger ledger;
    private final PrivacyNotices notices;
    private final PersonService persons;
    private final DoubleOptIn doubleOptIn;

    private final ConsentReceipts receipts;

    ConsentApi(ConsentLedger ledger, PrivacyNotices notices, PersonService persons, DoubleOptIn doubleOptIn, ConsentReceipts receipts) {
        this.receipts = receipts;
        this.doubleOptIn = doubleOptIn;
        this.ledger = ledger;
        this.notices = notices;
        this.persons = persons;
    }

    /**
     * Where the person stands for every purpose, and every choice they made, oldest first. A person's
     * choices are personal data: the read names its purpose ({@code X-Purpose}) and is audited.
     */
    @GetMapping("/persons/{id}/consents")
    Map<String, Object> consents(@PathVariable String id, @org.springframework.web.bind.annotation.RequestHeader(name = "X-Purpose",
            required = false) @Nullable String purpose, Authentication auth) {
        SubjectId subject = SubjectId.of(id);
        persons.requireExists(subject);
        ledger.auditRead(actor(auth), purpose, subject, "consents");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("person", subject.toString());
        var restricted = ledger.restrictedSince(subject);
        json.put("restrictedSince", restricted == null ? null : restricted.toString());
        var optedOut = ledger.optedOutOfSaleSince(subject);
        json.put("optedOutOfSaleSince", optedOut == null ? null : optedOut.toString());
        var limited = ledger.limitedSensitiveSince(subject);
        json.put("limitedSensitiveSince", limited == null ? null : limited.toString());
        json.put("purposes", ledger.state(subject).stream().map(PurposeState::toJson).toList());
        json.put("history", ledger.history(subject).stream().map(ChoiceEvent::toJson).toList());
        return json;
    }

    /** The receipt of a consent given or renewed (ISO/IEC TS 27560 structure). */
    @GetMapping("/persons/{id}/consents/{event}/receipt")
    Map<String, Object> receipt(@PathVariable String id, @PathVariable String event, @org.springframework.web.bind.annotation.RequestHeader(
            name = "X-Purpose", required = false) @Nullable String purpose, Authentication auth) {
        SubjectId subject = SubjectId.of(id);
        persons.requireExists(subject);
        ledger.auditRead(actor(auth), purpose, subject, "consent-receipt");
        return receipts.receipt(subject, io.custodia.shared.Ids.parse(event, "event"));
    }

    /** Records a consent given, withdrawn, refused, expired or renewed for one purpose and channel. */
    @PostMapping("/persons/{id}/consents")
    ResponseEntity<Map<String, Object>> recordConsent(@PathVariable String id, @RequestBody Map<String, Object> body, Authentication auth) {
        SubjectId subject = SubjectId.of(id);
        List<FieldError> errors = InvalidInputException.unknownFields(body, CONSENT_KEYS);
        String status = text(body, "status", errors);
        ChoiceKind kind = null;
        if (status == null) {
            errors.add(new FieldError("status", "required", "one of given, withdrawn, refused, expired, renewed", 0));
        } else {
            kind = ChoiceKind.parse(status).filter(ChoiceKind::changesConsent).orElse(null);
            if (kind == null) errors.add(new FieldError("status", "unknown", "one of given, withdrawn, refused, expired, renewed", 0));
        }
        String channelText = text(body, "channel", errors);
        Channel channel = null;
        if (channelText != null) {
            channel = Channel.parse(channelText).orElse(null);
            if (channel == null) errors.add(new FieldError("channel", "unknown", "one of " + List.of(Channel.values()), 0));
        }
        ChoiceSource source = source(body, errors);
        String purpose = text(body, "purpose", errors);
        String language = text(body, "noticeLanguage", errors);
        String formId = text(body, "formId", errors);
        String userAgent = text(body, "userAgent", errors);
        String ip = text(body, "ipAddress", errors);
        if (ip != null && !ipLiteral(ip.strip())) {
            errors.add(new FieldError("ipAddress", "invalid", "must be an IPv4 or IPv6 address such as 203.0.113.7 or 2001:db8::7", 0));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return created(ledger.record(actor(auth), new Choice(subject, kind, purpose, channel, source, language, null, formId, userAgent, ip)));
    }

    /**
     * Double opt-in: records that consent was asked and emails the person a confirmation link; consent
     * counts only once they confirm. Purpose {@code consent-management} reads the address.
     */
    @PostMapping("/persons/{id}/consents/requests")
    ResponseEntity<Map<String, Object>> requestConsent(@PathVariable String id, @RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = InvalidInputException.unknownFields(body, Set.of("purpose", "noticeLanguage", "source", "formId"));
        String purpose = text(body, "purpose", errors);
        if (purpose == null) errors.add(new FieldError("purpose", "required", "name the consent purpose to confirm", 0));
        String language = text(body, "noticeLanguage", errors);
        if (language != null && !PrivacyNotices.LANGUAGES.contains(language)) {
            errors.add(new FieldError("noticeLanguage", "unknown", "one of " + PrivacyNotices.LANGUAGES, 0));
        }
        ChoiceSource source = source(body, errors);
        String formId = text(body, "formId", errors);
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        SubjectId subject = SubjectId.of(id);
        persons.requireExists(subject);
        ChoiceEvent event = doubleOptIn.request(actor(auth), subject, purpose, language, source, formId, null, null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("events", List.of(event.toJson()),
                "message", "a confirmation link was emailed to the person; consent counts once they confirm"));
    }

    /** Emails the person the sealed link to their preference centre. */
    @PostMapping("/persons/{id}/preference-link")
    ResponseEntity<Map<String, Object>> preferenceLink(@PathVariable String id, Authentication auth) {
        SubjectId subject = SubjectId.of(id);
        persons.requireExists(subject);
        doubleOptIn.emailPreferenceLink(actor(auth), subject);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("message", "the preference-centre link was emailed to the person"));
    }

    /** Records an objection (GDPR Art. 21); to direct marketing it covers every direct-marketing purpose. */
    @PostMapping("/persons/{id}/objections")
    ResponseEntity<Map<String, Object>> object(@PathVariable String id, @RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = InvalidInputException.unknownFields(body, OBJECTION_KEYS);
        String purpose = text(body, "purpose", errors);
        ChoiceSource source = source(body, errors);
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return createdOrAlready(ledger.record(actor(auth), Choice.of(SubjectId.of(id), ChoiceKind.OBJECTED, purpose, null, source)));
    }

    /** Lifts an objection: the DPO's, after weighing compelling legitimate grounds (Art. 21(1)), or at the person's word. */
    @DeleteMapping("/persons/{id}/objections/{purpose}")
    Map<String, Object> liftObjection(@PathVariable String id, @PathVariable String purpose, Authentication auth) {
        return events(ledger.record(actor(auth), Choice.of(SubjectId.of(id), ChoiceKind.OBJECTION_LIFTED, purpose, null, ChoiceSource.API)));
    }

    /** Restricts processing of the person (Art. 18): from now on only storage. The DPO's. */
    @PutMapping("/persons/{id}/restriction")
    ResponseEntity<Map<String, Object>> restrict(@PathVariable String id, @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication auth) {
        Map<String, Object> given = body == null ? Map.of() : body;
        List<FieldError> errors = InvalidInputException.unknownFields(given, RESTRICTION_KEYS);
        ChoiceSource source = source(given, errors);
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return createdOrAlready(ledger.record(actor(auth), Choice.of(SubjectId.of(id), ChoiceKind.RESTRICTED, null, null, source)));
    }

    /** 201 with the events recorded; 200 when the choice was already on record and nothing was recorded (a repeat). */
    private ResponseEntity<Map<String, Object>> createdOrAlready(List<ChoiceEvent> events) {
        if (events.isEmpty()) return ResponseEntity.ok(Map.of("events", List.of(), "message", "already on record; nothing changed"));
        return created(events);
    }

    /**
     * Records the person's opt-out of the sale and sharing of their personal information (CCPA §1798.120,
     * §7026), asked by phone, letter or in person: no verification, open to every role. Once on record it
     * stays; a repeat changes nothing (200).
     */
    @PutMapping("/persons/{id}/sale-opt-out")
    ResponseEntity<Map<String, Object>> optOutOfSale(@PathVariable String id, @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication auth) {
        return once(id, body, auth, ChoiceKind.OPTED_OUT_OF_SALE);
    }

    /**
     * Records the person's request to limit the use of their sensitive personal information (CCPA §1798.121,
     * §7027): no verification, open to every role; from then on purposes §7027(m) does not permit read the
     * person without it. Once on record it stays; a repeat changes nothing (200).
     */
    @PutMapping("/persons/{id}/sensitive-limit")
    ResponseEntity<Map<String, Object>> limitSensitive(@PathVariable String id, @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication auth) {
        return once(id, body, auth, ChoiceKind.LIMITED_SENSITIVE);
    }

    private ResponseEntity<Map<String, Object>> once(String id, @Nullable Map<String, Object> body, Authentication auth, ChoiceKind kind) {
        Map<String, Object> given = body == null ? Map.of() : body;
        List<FieldError> errors = InvalidInputException.unknownFields(given, RESTRICTION_KEYS);
        ChoiceSource source = source(given, errors);
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        SubjectId subject = SubjectId.of(id);
        persons.requireExists(subject);
        var since = kind == ChoiceKind.OPTED_OUT_OF_SALE ? ledger.optedOutOfSaleSince(subject) : ledger.limitedSensitiveSince(subject);
        if (since != null) {
            return ResponseEntity.ok(Map.of("since", since.toString(), "message", "already on record; nothing changed"));
        }
        return created(ledger.record(actor(auth), Choice.of(subject, kind, null, null, source)));
    }

    /** Lifts the restriction; the person must have been told before (Art. 18(3)). The DPO's. */
    @DeleteMapping("/persons/{id}/restriction")
    Map<String, Object> liftRestriction(@PathVariable String id, Authentication auth) {
        return events(ledger.record(actor(auth), Choice.of(SubjectId.of(id), ChoiceKind.RESTRICTION_LIFTED, null, null, ChoiceSource.API)));
    }

    /** The privacy notice in force, with its version and SHA-256 (what a consent given now records). */
    @GetMapping("/privacy-notice")
    Map<String, Object> notice(@RequestParam(defaultValue = "en") String lang) {
        if (!PrivacyNotices.LANGUAGES.contains(lang)) {
            throw InvalidInputException.of("lang", "unknown", "the notice exists in " + PrivacyNotices.LANGUAGES);
        }
        PrivacyNotice notice = notices.current(lang);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", notice.version());
        json.put("language", notice.language());
        json.put("sha256", notice.sha256());
        json.put("publishedAt", notice.publishedAt().toString());
        json.put("text", notice.body());
        return json;
    }

    private static Actor actor(Authentication auth) {
        return CurrentActor.of(auth);
    }

    private static ResponseEntity<Map<String, Object>> created(List<ChoiceEvent> events) {
        return ResponseEntity.status(HttpStatus.CREATED).body(events(events));
    }

    private static Map<String, Object> events(List<ChoiceEvent> events) {
        return Map.of("events", events.stream().map(ChoiceEvent::toJson).toList());
    }

    private static ChoiceSource source(Map<String, Object> body, List<FieldError> errors) {
        String text = text(body, "source", errors);
        if (text == null) return ChoiceSource.API;
        ChoiceSource source = ChoiceSource.parse(text).filter(API_SOURCES::contains).orElse(null);
        if (source == null) {
            errors.add(new FieldError("source", "unknown", "one of " + API_SOURCES + " (the privacy centre, email links, GPC and the system"
                    + " record their own choices)", 0));
            return ChoiceSource.API;
        }
        return source;
    }


    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    /** An IPv4 address in dotted decimal, or an IPv6 address (parsed as a literal: no name is ever looked up). */
    static boolean ipLiteral(String text) {
        if (IPV4.matcher(text).matches()) return true;
        // starting with a hex digit or a colon, the JDK parses it as a literal; anything else it would look up as a name
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}")) return false;
        try {
            // with a colon and only hex digits, colons and dots, this is parsed as an IPv6 literal, never looked up
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static @Nullable String text(Map<String, Object> body, String key, List<FieldError> errors) {
        Object value = body.get(key);
        if (value == null) return null;
        if (!(value instanceof String s)) {
            errors.add(new FieldError(key, "type", "must be a string", 0));
            return null;
        }
        if (s.length() > 1_000) {
            errors.add(new FieldError(key, "length", "at most 1,000 characters", 0));
            return null;
        }
        return s.isBlank() ? null : s.trim();
    }
}
