package io.custodia.retention;

import io.custodia.identity.CurrentActor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.InvalidInputException.FieldError;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's legal holds over HTTP, for the DPO and the integrations acting for them (a billing system records
 * a hold when it issues an invoice): list, place ({@code {purpose, reason, until}}), release ({@code {reason}}).
 */
@RestController
@RequestMapping("/api/v1/persons/{personId}/legal-holds")
class LegalHoldsApi {

    private final LegalHolds holds;
    private final io.custodia.people.PersonService persons;

    LegalHoldsApi(LegalHolds holds, io.custodia.people.PersonService persons) {
        this.holds = holds;
        this.persons = persons;
    }

    /** @throws io.custodia.people.NotFoundException when there is no such person */
    @GetMapping
    Map<String, Object> list(@PathVariable String personId) {
        SubjectId subject = subject(personId);
        persons.requireExists(subject);
        LocalDate today = holds.today();
        return Map.of("items", holds.of(subject).stream().map(h -> h.toJson(today)).toList(), "purposes", holds.obligations());
    }

    @PostMapping
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> place(@PathVariable String personId, @RequestBody Map<String, Object> body, Authentication auth) {
        SubjectId subject = subject(personId);
        List<FieldError> errors = new ArrayList<>(InvalidInputException.unknownFields(body, Set.of("purpose", "reason", "until")));
        LocalDate until = null;
        if (body.get("until") instanceof String s && !s.isBlank()) {
            try {
                until = LocalDate.parse(s.strip());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("until", "invalid", "a day as YYYY-MM-DD", 0));
            }
        } else if (body.containsKey("until")) {
            errors.add(new FieldError("until", "invalid", "a day as YYYY-MM-DD", 0));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        LegalHold hold = holds.place(CurrentActor.of(auth), subject, text(body, "purpose"), text(body, "reason"), until);
        return ResponseEntity.status(HttpStatus.CREATED).body(hold.toJson(holds.today()));
    }

    @PostMapping("/{holdId}/release")
    Map<String, Object> release(@PathVariable String personId, @PathVariable String holdId, @RequestBody Map<String, Object> body,
            Authentication auth) {
        SubjectId subject = subject(personId);
        List<FieldError> errors = InvalidInputException.unknownFields(body, Set.of("reason"));
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        LegalHold hold = holds.get(Ids.parse(holdId, "holdId"));
        if (!hold.subject().equals(subject)) throw new io.custodia.people.NotFoundException("legal hold", hold.id());
        return holds.release(CurrentActor.of(auth), hold.id(), text(body, "reason")).toJson(holds.today());
    }

    private static SubjectId subject(String id) {
        return new SubjectId(Ids.parse(id, "personId"));
    }

    private static @Nullable String text(Map<String, Object> body, String key) {
        return body.get(key) instanceof String s ? s : null;
    }
}
