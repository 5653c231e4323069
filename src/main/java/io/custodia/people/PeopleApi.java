package io.custodia.people;

import io.custodia.access.AccessRequest;
import io.custodia.identity.CurrentActor;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API for the CRM core at {@code /api/v1}. Every call touching personal data declares its
 * purpose in {@code X-Purpose}; without one it is refused with the list of purposes the token may use.
 */
@RestController
@RequestMapping("/api/v1")
class PeopleApi {

    static final String PURPOSE = "X-Purpose";
    private final PersonService persons;
    private final OrganisationService organisations;
    private final InteractionService interactions;
    private final DealService deals;
    private final PersonImport personImport;

    PeopleApi(PersonService persons, OrganisationService organisations, InteractionService interactions, DealService deals,
            PersonImport personImport) {
        this.personImport = personImport;
        this.persons = persons;
        this.organisations = organisations;
        this.interactions = interactions;
        this.deals = deals;
    }

    // ------------------------------------------------------------------ persons

    @GetMapping("/persons")
    Map<String, Object> listPersons(@RequestHeader(name = PURPOSE, required = false) String purpose, Authentication auth,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) String organisationId) {
        var result = persons.list(request(auth, purpose), page, size, organisationId == null ? null : Ids.parse(organisationId, "organisationId"));
        return Map.of("items", result.items().stream().map(Person::toJson).toList(), "page", result.page(), "size", result.size(),
                "total", result.total());
    }

    /** Search by email, phone or name prefix: the query goes in the body, never in the URL (no personal data in URLs). */
    @io.custodia.shared.ReadsOnly
    @PostMapping("/persons/search")
    Map<String, Object> searchPersons(@RequestHeader(name = PURPOSE, required = false) String purpose, Authentication auth,
            @RequestBody Map<String, Object> body) {
        List<InvalidInputException.FieldError> unknown = InvalidInputException.unknownFields(body, java.util.Set.of("query", "limit"));
        if (!unknown.isEmpty()) throw new InvalidInputException(unknown);
        Object q = body.get("query");
        if (!(q instanceof String query) || query.isBlank() || query.strip().length() > 200) {
            throw InvalidInputException.of("query", "required", "give the search as {\"query\": \"...\"}: 1 to 200 characters, an email, a phone"
                    + " or 3+ letters of a name");
        }
        Object given = body.get("limit");
        // a whole number from 1 to the page size, or none (20): not clamped, not truncated, not ignored
        if (given != null && !(given instanceof Integer n && n >= 1 && n <= PersonService.MAX_PAGE_SIZE)) {
            // a whole number (however large) outside the range is out of it; anything else is a value of another type
            boolean whole = given instanceof Integer || given instanceof Long || given instanceof java.math.BigInteger;
            throw InvalidInputException.of("limit", whole ? "out-of-range" : "wrong-type", "must be a whole number from 1 to "
                    + PersonService.MAX_PAGE_SIZE);
        }
        int limit = given == null ? 20 : (Integer) given;
        return Map.of("items", persons.search(request(auth, purpose), query, limit).stream().map(Person::toJson).toList());
    }

    /** Imports persons all or nothing: a JSON array of person objects, or CSV whose header names the fields. */
    @PostMapping(path = "/persons/import", consumes = "application/json")
    @io.custodia.shared.KeepsOutcome
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> importJson(@RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestBody List<Object> rows) {
        List<SubjectId> ids = personImport.importJson(request(auth, purpose), rows);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("created", ids.size(), "ids", ids.stream().map(SubjectId::toString).toList()));
    }

    @PostMapping(path = "/persons/import", consumes = "text/csv")
    @io.custodia.shared.KeepsOutcome
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> importCsv(@RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestBody byte[] csv) {
        List<SubjectId> ids = personImport.importCsv(request(auth, purpose), utf8(csv));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("created", ids.size(), "ids", ids.stream().map(SubjectId::toString).toList()));
    }

    /** The body as UTF-8 text; bytes that are not UTF-8 are refused, not replaced (a name would be stored altered). */
    private static String utf8(byte[] body) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw InvalidInputException.of("csv", "encoding", "is not UTF-8 text: save the file as UTF-8 (CSV UTF-8) and send it again");
        }
    }

    @GetMapping("/persons/{id}")
    Map<String, Object> getPerson(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose, Authentication auth)
            throws org.springframework.web.HttpRequestMethodNotSupportedException {
        // the search and the import are posted (a search's terms stay out of URLs and logs): a GET of them is the wrong method, not a bad id
        if (id.equals("search") || id.equals("import")) throw new org.springframework.web.HttpRequestMethodNotSupportedException("GET", List.of("POST"));
        SubjectId subject = SubjectId.of(id);
        return persons.get(request(auth, purpose), subject).orElseThrow(() -> new NotFoundException("person", subject)).toJson();
    }

    @PostMapping("/persons")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> createPerson(@RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestBody Map<String, Object> body) {
        Person person = persons.create(request(auth, purpose), PersonInput.fromJson(body, 0));
        return ResponseEntity.created(URI.create("/api/v1/persons/" + person.id())).body(person.toJson());
    }

    /** Changes the fields given (JSON merge patch: a null clears a field). */
    @PatchMapping("/persons/{id}")
    Map<String, Object> updatePerson(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestBody Map<String, Object> body) {
        return persons.update(request(auth, purpose), SubjectId.of(id), PersonInput.fromJson(body, 0)).toJson();
    }

    @DeleteMapping("/persons/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deletePerson(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose, Authentication auth) {
        persons.delete(request(auth, purpose), SubjectId.of(id));
    }

    @GetMapping("/persons/{id}/interactions")
    Map<String, Object> interactionsOf(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        SubjectId subject = SubjectId.of(id);
        persons.requireExists(subject);
        return Map.of("items", interactions.ofPerson(request(auth, purpose), subject, page, size).stream().map(Interaction::toJson).toList());
    }

    // ------------------------------------------------------------------ interactions

    @PostMapping("/interactions")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> createInteraction(@RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestBody Map<String, Object> body) {
        Interaction interaction = interactions.create(request(auth, purpose), body);
        return ResponseEntity.created(URI.create("/api/v1/interactions/" + interaction.id())).body(interaction.toJson());
    }

    @GetMapping("/interactions/{id}")
    Map<String, Object> getInteraction(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose, Authentication auth) {
        return interactions.get(request(auth, purpose), Ids.parse(id, "interaction id")).toJson();
    }

    @PatchMapping("/interactions/{id}")
    Map<String, Object> updateInteraction(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose,
            Authentication auth, @RequestBody Map<String, Object> body) {
        return interactions.update(request(auth, purpose), Ids.parse(id, "interaction id"), body).toJson();
    }

    @DeleteMapping("/interactions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteInteraction(@PathVariable String id, @RequestHeader(name = PURPOSE, required = false) String purpose, Authentication auth) {
        interactions.delete(request(auth, purpose), Ids.parse(id, "interaction id"));
    }

    // ------------------------------------------------------------------ organisations (not personal data)

    @GetMapping("/organisations")
    Map<String, Object> listOrganisations(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            @RequestParam(defaultValue = "") String name) {
        return Map.of("items", organisations.list(page, size, name), "page", page, "size", size, "total", organisations.count());
    }

    @GetMapping("/organisations/{id}")
    Organisation getOrganisation(@PathVariable String id) {
        UUID uuid = Ids.parse(id, "organisation id");
        return organisations.get(uuid).orElseThrow(() -> new NotFoundException("organisation", uuid));
    }

    @PostMapping("/organisations")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Organisation> createOrganisation(@RequestBody Map<String, Object> body) {
        Organisation organisation = organisations.create(body);
        return ResponseEntity.created(URI.create("/api/v1/organisations/" + organisation.id())).body(organisation);
    }

    @PatchMapping("/organisations/{id}")
    Organisation updateOrganisation(@PathVariable String id, @RequestBody Map<String, Object> body) {
        return organisations.update(Ids.parse(id, "organisation id"), body);
    }

    @DeleteMapping("/organisations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteOrganisation(@PathVariable String id) {
        organisations.delete(Ids.parse(id, "organisation id"));
    }

    // ------------------------------------------------------------------ deals

    @GetMapping("/deals")
    Map<String, Object> listDeals(@RequestParam(required = false) String stage, @RequestParam(required = false) String contactId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        DealStage s = null;
        if (stage != null) {
            try {
                s = DealStage.valueOf(stage.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("stage", "invalid", "must be one of " + List.of(DealStage.values()));
            }
        }
        return Map.of("items", deals.list(s, contactId == null ? null : new SubjectId(Ids.parse(contactId, "contactId")), page, size).stream().map(Deal::toJson).toList());
    }

    @GetMapping("/deals/{id}")
    Map<String, Object> getDeal(@PathVariable String id) {
        UUID uuid = Ids.parse(id, "deal id");
        return deals.get(uuid).orElseThrow(() -> new NotFoundException("deal", uuid)).toJson();
    }

    @PostMapping("/deals")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<Map<String, Object>> createDeal(Authentication auth, @RequestBody Map<String, Object> body) {
        Deal deal = deals.create(CurrentActor.of(auth), body);
        return ResponseEntity.created(URI.create("/api/v1/deals/" + deal.id())).body(deal.toJson());
    }

    @PatchMapping("/deals/{id}")
    Map<String, Object> updateDeal(Authentication auth, @PathVariable String id, @RequestBody Map<String, Object> body) {
        return deals.update(CurrentActor.of(auth), Ids.parse(id, "deal id"), body).toJson();
    }

    @DeleteMapping("/deals/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteDeal(Authentication auth, @PathVariable String id) {
        deals.delete(CurrentActor.of(auth), Ids.parse(id, "deal id"));
    }

    private static AccessRequest request(Authentication auth, String purpose) {
        return new AccessRequest(CurrentActor.of(auth), purpose);
    }
}
