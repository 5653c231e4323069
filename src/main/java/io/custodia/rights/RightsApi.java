package io.custodia.rights;

import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.InvalidInputException.FieldError;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Data subject requests over HTTP, for the DPO: the queue, a request taken on the person's behalf, and the acts that answer it. */
@RestController
@RequestMapping("/api/v1/rights")
class RightsApi {

    private final RightsRequests requests;
    private final RightsReports reports;
    private final RecipientNotices notices;

    RightsApi(RightsRequests requests, RightsReports reports, RecipientNotices notices) {
        this.notices = notices;
        this.requests = requests;
        this.reports = reports;
    }

    /**
     * The year's figures per request type: {@code ccpa} (CCPA §7102: received, complied with in whole or in part,
     * denied, median days) for Californians' requests, {@code gdpr} for the others; {@code format=csv} for CSV.
     */
    @GetMapping("/metrics")
    ResponseEntity<?> metrics(@RequestParam(required = false) Integer year, @RequestParam(defaultValue = "json") String format) {
        int y = year == null ? requests.today().eu().getYear() : year;
        if (y < 2000 || y > 2100) throw InvalidInputException.of("year", "out-of-range", "a year between 2000 and 2100");
        if (format.equals("csv")) {
            return ResponseEntity.ok().header("Content-Type", "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"requests-" + y + ".csv\"")
                    .body(reports.yearCsv(y));
        }
        if (!format.equals("json")) throw InvalidInputException.of("format", "unknown", "json or csv");
        return ResponseEntity.ok(Map.of("year", y, "ccpa", reports.year(y, true), "gdpr", reports.year(y, false)));
    }

    /** The queue: open and unverified requests, nearest deadline first; {@code all=true} for every request. */
    @GetMapping("/requests")
    Map<String, Object> queue(@RequestParam(defaultValue = "false") boolean all, @RequestParam(defaultValue = "200") int limit) {
        Today today = requests.today();
        // "today" is the controller's day; each item's daysLeft counts from today in its own law's time zone
        return Map.of("today", today.eu().toString(), "todayInCalifornia", today.california().toString(), "items", requests.queue(all, limit).stream()
                .map(r -> r.toJson(today, requests.soonDays())).toList());
    }

    @GetMapping("/requests/{id}")
    Map<String, Object> one(@PathVariable String id) {
        UUID request = Ids.parse(id, "id");
        Map<String, Object> json = new LinkedHashMap<>(requests.get(request).toJson(requests.today(), requests.soonDays()));
        json.put("history", requests.history(request));
        json.put("recipientNotices", notices.of(request));
        return json;
    }

    /**
     * A request taken on the person's behalf: {@code {type, personId, channel (STAFF_PHONE, STAFF_LETTER,
     * STAFF_IN_PERSON, EMAIL, API), language?, proposal?, agent?: {name, email, permission (base64)}}}; 201 with
     * the request.
     */
    @PostMapping("/requests")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> enter(@RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = new ArrayList<>(InvalidInputException.unknownFields(body, Set.of("type", "personId", "channel", "language", "proposal",
                "agent", "scope")));
        notText(body, errors, "type", "personId", "channel", "language", "proposal", "scope");
        RequestType type = text(body, "type").flatMap(RequestType::parse).orElse(null);
        if (type == null) errors.add(new FieldError("type", "required", "one of " + List.of(RequestType.values()), 0));
        RequestChannel channel = text(body, "channel").flatMap(RequestChannel::parse).filter(RequestChannel::byStaff).orElse(null);
        if (channel == null) errors.add(new FieldError("channel", "required", "one of STAFF_PHONE, STAFF_LETTER, STAFF_IN_PERSON, EMAIL, API", 0));
        SubjectId subject = null;
        try {
            subject = text(body, "personId").map(SubjectId::of).orElse(null);
        } catch (RuntimeException e) {
            // reported below
        }
        if (subject == null) errors.add(new FieldError("personId", "required", "the id of the person who asks", 0));
        String language = text(body, "language").orElse(null);
        if (language != null && !language.equals("en") && !language.equals("fr")) errors.add(new FieldError("language", "invalid", "en or fr", 0));
        String scope = text(body, "scope").orElse("all");
        if (!scope.equals("all") && !scope.equals("categories")) {
            errors.add(new FieldError("scope", "invalid", "all, or categories (a Californian's request to know the categories only)", 0));
        }
        if (type != null && type != RequestType.RECTIFICATION && text(body, "proposal").filter(p -> !p.isBlank()).isPresent()) {
            // kept only with a correction: anywhere else it would be accepted and dropped
            errors.add(new FieldError("proposal", "not-taken", "only a rectification request takes a proposal (the correction asked for)", 0));
        }
        RightsRequests.Agent agent = null;
        if (body.containsKey("agent")) {
            if (!(body.get("agent") instanceof Map<?, ?> given)) {
                errors.add(new FieldError("agent", "invalid", "an object: {name, email, permission (base64 of a PDF, PNG or JPEG)}", 0));
            } else {
                try {
                    agent = RightsRequests.Agent.of(given.get("name") instanceof String n ? n : null, given.get("email") instanceof String e ? e : null,
                            given.get("permission") instanceof String p ? java.util.Base64.getMimeDecoder().decode(p) : null);
                } catch (InvalidInputException e) {
                    e.errors().forEach(f -> errors.add(new FieldError(switch (f.field()) {
                        case "agentName" -> "agent.name";
                        case "agentEmail" -> "agent.email";
                        default -> "agent." + f.field();
                    }, f.code(), f.message(), 0)));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("agent.permission", "invalid", "base64 of a PDF, PNG or JPEG file", 0));
                }
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        UUID id = requests.enter(CurrentActor.of(auth), type, subject, channel, language, text(body, "proposal").orElse(null), agent,
                scope.equals("categories"));
        Map<String, Object> entered = new java.util.LinkedHashMap<>(requests.get(id).toJson(requests.today(), requests.soonDays()));
        // recorded either way; false when the person (or their agent) could not be emailed: tell them another way
        entered.put("mailed", !requests.mailFailed(id));
        return ResponseEntity.status(HttpStatus.CREATED).body(entered);
    }

    /** Extends the period once, with the reason the person is told: {@code {reason}}. */
    @PostMapping("/requests/{id}/extend")
    Map<String, Object> extend(@PathVariable String id, @RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = InvalidInputException.unknownFields(body, Set.of("reason"));
        notText(body, errors, "reason");
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return requests.extend(CurrentActor.of(auth), Ids.parse(id, "id"), text(body, "reason").orElse(null))
                .toJson(requests.today(), requests.soonDays());
    }

    /** The correction the person proposed, for review (a read of their data, recorded). */
    @GetMapping("/requests/{id}/proposal")
    Map<String, Object> proposal(@PathVariable String id, Authentication auth) {
        return Map.of("proposal", requests.proposal(CurrentActor.of(auth), Ids.parse(id, "id")).orElse(""));
    }

    /** Applies a reviewed correction: {@code {changes: {firstName: …, emails: […], …}}}; closes the request. */
    @PostMapping("/requests/{id}/rectify")
    Map<String, Object> rectify(@PathVariable String id, @RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = new ArrayList<>(InvalidInputException.unknownFields(body, Set.of("changes")));
        if (!(body.get("changes") instanceof Map<?, ?>)) errors.add(new FieldError("changes", "required", "an object of corrected fields", 0));
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        Map<String, Object> changes = new LinkedHashMap<>();
        ((Map<?, ?>) body.get("changes")).forEach((k, v) -> changes.put(String.valueOf(k), v));
        return requests.rectify(CurrentActor.of(auth), Ids.parse(id, "id"), changes).toJson(requests.today(), requests.soonDays());
    }

    /** Carries out an erasure, restriction, objection or opt-out, and closes it as complied with. */
    @PostMapping("/requests/{id}/fulfil")
    Map<String, Object> fulfil(@PathVariable String id, @RequestBody(required = false) @org.jspecify.annotations.Nullable Map<String, Object> body, Authentication auth) {
        // nothing to give: a body with fields is a client that expects them to count
        if (body != null && !body.isEmpty()) {
            throw new InvalidInputException(InvalidInputException.unknownFields(body, java.util.Set.of()));
        }
        return requests.fulfil(CurrentActor.of(auth), Ids.parse(id, "id")).toJson(requests.today(), requests.soonDays());
    }

    /** Closes a request with its outcome: {@code {outcome (COMPLIED, PARTLY, DENIED), reason}} (a reason for PARTLY and DENIED). */
    @PostMapping("/requests/{id}/answer")
    Map<String, Object> answer(@PathVariable String id, @RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = new ArrayList<>(InvalidInputException.unknownFields(body, Set.of("outcome", "reason")));
        notText(body, errors, "outcome", "reason");
        Outcome outcome = text(body, "outcome").map(o -> {
            try {
                return Outcome.valueOf(o.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).orElse(null);
        if (outcome == null) errors.add(new FieldError("outcome", "required", "one of COMPLIED, PARTLY, DENIED", 0));
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return requests.answer(CurrentActor.of(auth), Ids.parse(id, "id"), outcome, text(body, "reason").orElse(null))
                .toJson(requests.today(), requests.soonDays());
    }

    /**
     * A field that must be text but is a number, a list or an object is said: read as absent, a proposal sent as an
     * object was dropped and the person's correction lost.
     */
    private static void notText(Map<String, Object> body, List<FieldError> errors, String... keys) {
        for (String key : keys) {
            Object value = body.get(key);
            if (value != null && !(value instanceof String)) errors.add(new FieldError(key, "wrong-type", "must be a string", 0));
        }
    }

    private static java.util.Optional<String> text(Map<String, Object> body, String key) {
        return body.get(key) instanceof String s && !s.isBlank() ? java.util.Optional.of(s.strip()) : java.util.Optional.empty();
    }
}
