package io.custodia.outreach;

import io.custodia.identity.CurrentActor;
import io.custodia.people.DealStage;
import io.custodia.people.InvalidInputException;
import io.custodia.people.InvalidInputException.FieldError;
import io.custodia.shared.Ids;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Audiences and the suppression list over HTTP. Bad input: 400 naming each field, nothing written. */
@RestController
@RequestMapping("/api/v1")
class OutreachApi {

    private static final Set<String> AUDIENCE_KEYS = Set.of("purpose", "stages", "organisationId", "lastContactAfter", "lastContactBefore",
            "languages", "jurisdictions", "tags");
    /** A campaign's body: the audience's fields and its texts. */
    private static final Set<String> CAMPAIGN_KEYS = java.util.stream.Stream.concat(AUDIENCE_KEYS.stream(), Set.of("name", "subject", "body").stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Audiences audiences;
    private final Suppressions suppressions;
    private final Campaigns campaigns;

    OutreachApi(Audiences audiences, Suppressions suppressions, Campaigns campaigns) {
        this.audiences = audiences;
        this.suppressions = suppressions;
        this.campaigns = campaigns;
    }

    /**
     * Writes a campaign: the audience's fields, plus {@code name}, {@code subject} and {@code body}, each
     * {@code {en, fr}} ({@code {firstName}} is filled in per person). 201 with its id.
     */
    @PostMapping("/campaigns")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> createCampaign(@RequestBody Map<String, Object> body, Authentication auth,
            @RequestHeader(value = "X-Purpose", required = false) @Nullable String header) {
        Map<String, Object> audience = new java.util.HashMap<>(body);
        Object name = audience.remove("name");
        Object subject = audience.remove("subject");
        Object text = audience.remove("body");
        List<FieldError> errors = new ArrayList<>();
        AudienceFilter filter = filter(audience, errors, CAMPAIGN_KEYS, header);
        Map<String, Object> subjects = languages("subject", subject, errors);
        Map<String, Object> bodies = languages("body", text, errors);
        if (!(name instanceof String)) errors.add(new FieldError("name", "required", "the campaign's name", 0));
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        UUID id = campaigns.create(CurrentActor.of(auth), filter, new Campaigns.Content((String) name, str(subjects.get("en")),
                str(subjects.get("fr")), str(bodies.get("en")), str(bodies.get("fr"))));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id.toString()));
    }

    /** Starts sending: the outbox is written with everyone the law leaves now; 202 with how many were queued. */
    @PostMapping("/campaigns/{id}/send")
    ResponseEntity<Map<String, Object>> sendCampaign(@org.springframework.web.bind.annotation.PathVariable String id, Authentication auth) {
        long queued = campaigns.send(CurrentActor.of(auth), Ids.parse(id, "id"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("queued", queued));
    }

    /** The campaigns under the purposes the caller's roles grant, newest first: each with its status and message counts. */
    @org.springframework.web.bind.annotation.GetMapping("/campaigns")
    Map<String, Object> campaigns(Authentication auth) {
        return Map.of("items", campaigns.list(CurrentActor.of(auth), 500).stream().map(c -> Map.of("id", c.id().toString(), "name", c.name(),
                "purpose", c.purpose(), "status", c.status().name(), "createdAt", c.createdAt().toInstant().toString(),
                "messages", c.messages())).toList());
    }

    /** Deletes a draft: 204; 409 for a campaign that was sent (its messages are the record of what was done). */
    @org.springframework.web.bind.annotation.DeleteMapping("/campaigns/{id}")
    ResponseEntity<Void> deleteCampaign(@org.springframework.web.bind.annotation.PathVariable String id, Authentication auth) {
        campaigns.deleteDraft(CurrentActor.of(auth), Ids.parse(id, "id"));
        return ResponseEntity.noContent().build();
    }

    /** What became of a campaign's messages: sent, skipped (and why), failed, uncertain. */
    @org.springframework.web.bind.annotation.GetMapping("/campaigns/{id}")
    Map<String, Object> campaign(@org.springframework.web.bind.annotation.PathVariable String id, Authentication auth) {
        return campaigns.progress(CurrentActor.of(auth), Ids.parse(id, "id"));
    }

    /**
     * A campaign's texts, {@code {en, fr}}: another language, or a text that is not a string, is said rather than left
     * out (a client that sent {@code de} believes German readers get it).
     */
    private static Map<String, Object> languages(String field, @Nullable Object given, List<FieldError> errors) {
        if (given == null) return Map.of();
        if (!(given instanceof Map<?, ?> map)) {
            errors.add(new FieldError(field, "wrong-type", "an object of the texts per language: {\"en\": …, \"fr\": …}", 0));
            return Map.of();
        }
        Map<String, Object> out = new java.util.HashMap<>();
        map.forEach((k, v) -> {
            String language = String.valueOf(k);
            if (!language.equals("en") && !language.equals("fr")) {
                errors.add(new FieldError(field + "." + io.custodia.shared.Texts.fieldName(language), "unknown-field", "texts are in en and fr", 0));
            } else if (v != null && !(v instanceof String)) {
                errors.add(new FieldError(field + "." + language, "wrong-type", "must be a string", 0));
            } else {
                out.put(language, v);
            }
        });
        return out;
    }

    private static @Nullable String str(@Nullable Object value) {
        return value instanceof String s ? s : null;
    }

    /**
     * How many persons match the filters, how many the law leaves for the purpose, and how many it removes
     * for each reason. Dates are days (UTC) or instants.
     */
    @io.custodia.shared.ReadsOnly
    @PostMapping("/audiences/preview")
    Map<String, Object> preview(@RequestBody Map<String, Object> body, Authentication auth,
            @RequestHeader(value = "X-Purpose", required = false) @Nullable String header) {
        List<FieldError> errors = new ArrayList<>();
        AudienceFilter filter = filter(body, errors, AUDIENCE_KEYS, header);
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return audiences.preview(CurrentActor.of(auth), filter).toJson();
    }

    /** The audience's fields from a body; {@code known} is every field the body may hold (a campaign's adds its texts). */
    private static AudienceFilter filter(Map<String, Object> body, List<FieldError> errors, Set<String> known, @Nullable String header) {
        errors.addAll(InvalidInputException.unknownFields(body, known));
        String purpose = body.get("purpose") instanceof String s && !s.isBlank() ? s : null;
        if (purpose == null) errors.add(new FieldError("purpose", "required", "name the purpose the audience is contacted for", 0));
        // the header, when sent, must name the same purpose: an audience is counted, and a campaign written, for one
        if (purpose != null && header != null && !header.isBlank() && !header.strip().equals(purpose.strip())) {
            errors.add(new FieldError("purpose", "purpose-mismatch", "differs from the X-Purpose header: name one purpose, in the body"
                    + " (the header may be left out here)", 0));
        }
        Set<DealStage> stages = EnumSet.noneOf(DealStage.class);
        if (body.get("stages") instanceof List<?> list) {
            for (Object stage : list) {
                try {
                    stages.add(DealStage.valueOf(String.valueOf(stage).trim().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("stages", "unknown", "each one of " + List.of(DealStage.values()), 0));
                }
            }
        } else if (body.get("stages") != null) {
            errors.add(new FieldError("stages", "type", "a list of deal stages", 0));
        }
        UUID organisation = null;
        if (body.get("organisationId") != null) {
            try {
                organisation = Ids.parse(String.valueOf(body.get("organisationId")), "organisationId");
            } catch (RuntimeException e) {
                errors.add(new FieldError("organisationId", "invalid", "an organisation id", 0));
            }
        }
        Instant after = time(body, "lastContactAfter", errors);
        Instant before = time(body, "lastContactBefore", errors);
        List<String> problems = new ArrayList<>();
        Set<String> languages = AudienceFilter.languages(strings(body, "languages", errors), problems);
        problems.stream().distinct().forEach(p -> errors.add(new FieldError("languages", "invalid", p, 0)));
        problems.clear();
        var jurisdictions = AudienceFilter.jurisdictions(strings(body, "jurisdictions", errors), problems);
        problems.stream().distinct().forEach(p -> errors.add(new FieldError("jurisdictions", "invalid", p, 0)));
        problems.clear();
        Set<String> tags = AudienceFilter.tags(strings(body, "tags", errors), problems);
        problems.stream().distinct().forEach(p -> errors.add(new FieldError("tags", "invalid", p, 0)));
        return new AudienceFilter(purpose == null ? "" : purpose, stages, organisation, after, before, languages, jurisdictions, tags);
    }

    /** A list of strings; anything else is an error naming the key. */
    private static List<String> strings(Map<String, Object> body, String key, List<FieldError> errors) {
        Object value = body.get(key);
        if (value == null) return List.of();
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        errors.add(new FieldError(key, "type", "a list of strings", 0));
        return List.of();
    }

    /** Suppresses an address: {@code {email, reason (BOUNCE, COMPLAINT, REQUEST, OTHER)}}; 201, or 200 when it already was. */
    @PostMapping("/suppressions")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Added to the list")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Already on the list: nothing added")
    ResponseEntity<Map<String, Object>> suppress(@RequestBody Map<String, Object> body, Authentication auth) {
        List<FieldError> errors = InvalidInputException.unknownFields(body, Set.of("email", "reason"));
        String email = body.get("email") instanceof String s ? s : null;
        String reason = body.get("reason") instanceof String s ? s : "OTHER";
        if (email == null || email.isBlank()) errors.add(new FieldError("email", "required", "an email address", 0));
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        boolean added = suppressions.add(CurrentActor.of(auth), email, reason);
        // the address is never echoed back
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of("suppressed", true, "new", added));
    }

    private static @Nullable Instant time(Map<String, Object> body, String key, List<FieldError> errors) {
        Object value = body.get(key);
        if (value == null) return null;
        String text = String.valueOf(value).trim();
        try {
            Instant time = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
            if (!io.custodia.shared.StoredDays.holds(time)) {
                errors.add(new FieldError(key, "out-of-range", io.custodia.shared.StoredDays.RULE, 0));
                return null;
            }
            return time;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(key, "invalid", "a day (2026-03-02) or an instant (2026-03-02T09:00:00Z)", 0));
            return null;
        }
    }
}
