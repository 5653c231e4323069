package io.custodia.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The persons API as an integrator uses it; run on H2 and on PostgreSQL by the subclasses. */
@SuppressWarnings("unchecked")
abstract class PersonApiTests {

    @Autowired
    AccountService accounts;
    @LocalServerPort
    int port;
    Api sales;

    @BeforeEach
    void signIn() {
        sales = Staff.apiFor(accounts, port, Role.SALES);
    }

    static Map<String, Object> person(String unique) {
        return Map.of("firstName", "Élodie", "lastName", "Zéphyrin" + unique, "emails", List.of("elodie." + unique + "@exemple.fr"),
                "phones", List.of("06 12 34 " + unique.substring(0, 2).replaceAll("[^0-9]", "5") + " 78"),
                "jobTitle", "Directrice achats", "city", "Lyon", "country", "FR", "jurisdiction", "EU", "language", "fr",
                "source", "salon VivaTech 2026");
    }

    /** Email marketing rests on consent (invariant 4): without it, the read is refused. */
    static void consentToEmailMarketing(Api marketing, String id) {
        assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "given")).status()).isEqualTo(201);
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /**
     * A create sent again with its Idempotency-Key (the answer was lost) makes nothing twice and gets the first answer's
     * status and address back; a failed request frees its key; a key used for another request, or malformed, is refused.
     */
    @Test
    void aCreateSentAgainWithItsIdempotencyKeyIsMadeOnce() throws Exception {
        String key = java.util.UUID.randomUUID().toString();
        String name = "Idem" + unique().substring(0, 6);
        byte[] body = ("{\"firstName\": \"Rejouée\", \"lastName\": \"" + name + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", key);
        Api.Response first = sales.sendBytes("POST", "/api/v1/persons", "crm", body, headers);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        Api.Response again = sales.sendBytes("POST", "/api/v1/persons", "crm", body, headers);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location")).endsWith("/api/v1/persons/" + first.get("id"));
        assertThat(again.get("location")).isEqualTo(first.header("Location"));
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", name)).items()).hasSize(1);
        // kept as digests: the key as sent is nowhere in the table
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_request_key WHERE key_digest = ? OR request LIKE ?").params(key, "%" + key + "%")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_request_key WHERE key_digest = ?").param(requestDigests.key(key))
                .query(Long.class).single()).isEqualTo(1);

        // the same key with another body: refused, nothing done (the client would otherwise believe it was made)
        Api.Response otherBody = sales.sendBytes("POST", "/api/v1/persons", "crm",
                ("{\"firstName\": \"Autre\", \"lastName\": \"" + name + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.raw()).contains("reused").contains("with another body").doesNotContain("Autre");
        // the same key for another request: refused, nothing done
        Api.Response other = sales.sendBytes("POST", "/api/v1/organisations", null, "{\"name\": \"Idem SA\"}".getBytes(), headers);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.raw()).contains("reused").contains("POST /api/v1/persons");
        // a request refused for its content frees its key: the mended one goes through
        String mended = java.util.UUID.randomUUID().toString();
        Map<String, String> mendedHeaders = Map.of("Content-Type", "application/json", "Idempotency-Key", mended);
        assertThat(sales.sendBytes("POST", "/api/v1/persons", "crm", "{\"emails\": [\"not-an-address\"]}".getBytes(), mendedHeaders)
                .status()).isEqualTo(400);
        assertThat(sales.sendBytes("POST", "/api/v1/persons", "crm", body, mendedHeaders).status()).isEqualTo(201);
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", name)).items()).hasSize(2);
        // a search (a read, 200) keeps no outcome: sent again, it runs again
        Map<String, String> searchHeaders = Map.of("Content-Type", "application/json", "Idempotency-Key", java.util.UUID.randomUUID().toString());
        byte[] search = ("{\"query\": \"" + name + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sales.sendBytes("POST", "/api/v1/persons/search", "crm", search, searchHeaders).raw()).contains(name);
        assertThat(sales.sendBytes("POST", "/api/v1/persons/search", "crm", search, searchHeaders).raw()).contains(name);
        // a key whose request never finished (the service stopped before noting its outcome) is not run again
        String cut = java.util.UUID.randomUUID().toString();
        Map<String, String> cutHeaders = Map.of("Content-Type", "application/json", "Idempotency-Key", cut);
        byte[] cutBody = ("{\"firstName\": \"Coupée\", \"lastName\": \"" + name + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sales.sendBytes("POST", "/api/v1/persons", "crm", cutBody, cutHeaders).status()).isEqualTo(201);
        String cutDigest = requestDigests.key(cut);
        assertThat(jdbc.sql("UPDATE api_request_key SET status = NULL, location = NULL, claimed_at = ? WHERE key_digest = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(300)), cutDigest).update()).isEqualTo(1);
        Api.Response interrupted = sales.sendBytes("POST", "/api/v1/persons", "crm", cutBody, cutHeaders);
        assertThat(interrupted.status()).isEqualTo(409);
        assertThat(interrupted.raw()).contains("outcome-unknown").contains("new key");
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", name)).items()).hasSize(3);
        // a body sent without a length is read whole or not at all: past the limit, refused, never cut short
        byte[] huge = new byte[8 * 1024 * 1024 + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        Api.Response tooLarge = sales.sendChunked("POST", "/api/v1/persons/import", "crm", () -> new java.io.ByteArrayInputStream(huge),
                Map.of("Content-Type", "application/json", "Idempotency-Key", java.util.UUID.randomUUID().toString()));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.raw()).contains("at most 8 MB");
        // a key no client would send
        Api.Response malformed = sales.sendBytes("POST", "/api/v1/persons", "crm", body,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "a key with spaces"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.raw()).contains("Idempotency-Key").contains("malformed");
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", name)).items()).hasSize(3);
    }

    @Test
    void createsPersonAndReadsItBackForItsPurpose() {
        String u = unique();
        Api.Response created = sales.post("/api/v1/persons", "crm", person(u));
        assertThat(created.status()).isEqualTo(201);
        String id = (String) created.get("id");

        Api.Response read = sales.get("/api/v1/persons/" + id, "crm");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.get("firstName")).isEqualTo("Élodie");
        assertThat(read.get("emails")).isEqualTo(List.of("elodie." + u + "@exemple.fr"));
        assertThat(read.get("city")).isEqualTo("Lyon");
        assertThat(read.get("withheld")).isEqualTo(List.of());
    }

    @Test
    void refusesReadWithoutPurposeAndListsTheAllowedOnes() {
        String id = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api.Response response = sales.get("/api/v1/persons/" + id, null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.get("title")).isEqualTo("Purpose required");
        assertThat((List<Object>) response.get("allowedPurposes")).containsExactly("crm", "prospecting");
    }

    @Test
    void refusesPurposeNotGrantedToTheRole() {
        String id = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api.Response response = sales.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(response.status()).isEqualTo(403);
        assertThat((List<Object>) response.get("allowedPurposes")).containsExactly("crm", "prospecting");
        assertThat(sales.get("/api/v1/persons/" + id, "no-such-purpose").status()).isEqualTo(400);
    }

    @Test
    void returnsOnlyTheFieldsThePurposeNeeds() {
        String id = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api marketing = Staff.apiFor(accounts, port, Role.MARKETING);
        consentToEmailMarketing(marketing, id);
        Api.Response read = marketing.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).containsKeys("firstName", "emails", "language", "jurisdiction")
                .doesNotContainKeys("lastName", "phones", "city", "jobTitle", "source");
        assertThat((List<Object>) read.get("withheld")).contains("lastName", "phones", "city", "notes");
    }

    @Test
    void findsPersonByExactEmailPhoneAndNamePrefix() {
        String u = unique();
        String id = (String) sales.post("/api/v1/persons", "crm", person(u)).get("id");

        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "ELODIE." + u + "@Exemple.fr")))).containsExactly(id);
        String phone = ((List<?>) sales.get("/api/v1/persons/" + id, "crm").get("phones")).get(0).toString();
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", phone.replace(" ", ".").replaceFirst("^0", "+33")))))
                .contains(id);
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "zephyrin" + u.substring(0, 4))))).containsExactly(id);
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "élo zéphyrin" + u)))).containsExactly(id);
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "nobody." + u + "@exemple.fr")))).isEmpty();
    }

    @Test
    void refusesNameSearchShorterThanThreeLetters() {
        Api.Response response = sales.post("/api/v1/persons/search", "crm", Map.of("query", "zé"));
        assertThat(response.status()).isEqualTo(400);
        assertThat((String) response.get("detail")).contains("at least 3 letters");
    }

    @Test
    void refusesMalformedInputNamingEachFieldAndWritesNothing() {
        long before = countPersons();
        Api.Response response = sales.post("/api/v1/persons", "crm",
                Map.of("firstName", "A", "emails", List.of("not-an-email"), "country", "France", "shoeSize", "42"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.raw()).contains("emails[0]", "country", "shoeSize").doesNotContain("not-an-email");
        // a record that says who no one is, and a value too long, each named by what is wrong
        Api.Response nobody = sales.post("/api/v1/persons", "crm", Map.of("city", "Lyon"));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.raw()).contains("identity-required").contains("first or last name, an email address or a phone number");
        // an edit that would leave the record saying who no one is, through the fields it gives, is refused and undone
        String email = "seule." + unique() + "@exemple.fr";
        Api.Response onlyEmail = sales.post("/api/v1/persons", "crm", Map.of("emails", List.of(email)));
        assertThat(onlyEmail.status()).isEqualTo(201);
        Api.Response cleared = sales.patch("/api/v1/persons/" + onlyEmail.get("id"), "crm", Map.of("emails", List.of(), "city", "Lyon"));
        assertThat(cleared.status()).isEqualTo(400);
        assertThat(cleared.raw()).contains("identity-required");
        assertThat(sales.get("/api/v1/persons/" + onlyEmail.get("id"), "crm").raw()).contains(email).doesNotContain("Lyon");
        Api.Response tooLong = sales.post("/api/v1/persons", "crm", Map.of("firstName", "N".repeat(101)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.raw()).contains("too-long").contains("at most 100 characters");
        assertThat(countPersons()).isEqualTo(before + 1);
    }

    @Test
    void refusesMalformedJsonWrongMediaTypesAndBadParametersWithProblemDetails() {
        Api.Response response = sales.sendRaw("POST", "/api/v1/persons", "crm", "{\"firstName\": ", "application/json");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.get("title")).isEqualTo("Malformed body");
        // no body at all is said as such, whatever the type the address takes
        for (String type : List.of("application/json", "text/csv")) {
            Api.Response empty = sales.sendRaw("POST", "/api/v1/persons/import", "crm", "", type);
            assertThat(empty.status()).as(type).isEqualTo(400);
            assertThat((String) empty.get("detail")).as(type).contains("has no body");
        }
        // a member given twice in the body is named (which of the two would count is not guessed); nested, with where it is
        // an error of a single create names no row (rows are an import's)
        Api.Response noRow = sales.post("/api/v1/persons", "crm", Map.of("emails", List.of("not-an-address")));
        assertThat((List<Map<String, Object>>) noRow.get("errors")).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContainKey("row"));
        Api.Response duplicated = sales.sendRaw("POST", "/api/v1/persons", "crm", "{\"firstName\": \"Ana\", \"firstName\": \"Eve\"}", "application/json");
        assertThat(duplicated.status()).isEqualTo(400);
        assertThat((String) duplicated.get("detail")).contains("'firstName' is given twice").doesNotContain("Eve").doesNotContain("line 1");
        Api.Response nested = sales.sendRaw("POST", "/api/v1/campaigns", null, "{\"subject\": {\"en\": \"a\", \"en\": \"b\"}}", "application/json");
        assertThat((String) nested.get("detail")).contains("'en' is given twice");
        // an address no operation answers is said as the API's other errors are, not in the framework's words
        Api.Response nowhere = sales.sendRaw("PATCH", "/api/v1/deals/", null, "{}", "application/json");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.raw()).contains("No operation of the API answers PATCH").doesNotContain("static resource");
        // a parameter taken once, given twice, is refused rather than the first one used
        Api.Response twice = sales.get("/api/v1/persons?size=10&size=20", "crm");
        assertThat(twice.status()).isEqualTo(400);
        assertThat((String) twice.get("detail")).contains("size").contains("given 2 times");
        Api.Response badContact = sales.get("/api/v1/deals?contactId=bad", null);
        assertThat(badContact.status()).isEqualTo(400);
        assertThat((String) badContact.get("detail")).contains("contactId");
        assertThat(sales.sendRaw("POST", "/api/v1/persons", "crm", "firstName=A", "application/x-www-form-urlencoded").status()).isEqualTo(415);
        Api.Response badPage = sales.get("/api/v1/persons?page=abc", "crm");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.raw()).doesNotContain("Exception").doesNotContain("at io.custodia");
        assertThat(sales.get("/api/v1/persons/not-a-uuid", "crm").status()).isEqualTo(400);
        // a search's limit and an interaction list's paging are refused out of range, as every list's are, never clamped
        for (Object limit : List.of(-1, 0, 201, 1.5, "abc", true, 1_000_000_000_000L)) {
            Api.Response search = sales.post("/api/v1/persons/search", "crm", Map.of("query", "Mar", "limit", limit));
            assertThat(search.status()).as(String.valueOf(limit)).isEqualTo(400);
            assertThat(search.raw()).contains("limit");
            // a value of another type is said to be so; a whole number outside the range, to be out of it
            assertThat((List<Map<String, Object>>) search.get("errors")).extracting(e -> e.get("code")).as(String.valueOf(limit))
                    .containsExactly(limit instanceof Integer || limit instanceof Long ? "out-of-range" : "wrong-type");
        }
        String someone = (String) sales.post("/api/v1/persons", "crm", Map.of("firstName", "Paginée")).get("id");
        for (String paging : List.of("size=0", "size=-5", "size=500", "page=-1")) {
            Api.Response list = sales.get("/api/v1/persons/" + someone + "/interactions?" + paging, "crm");
            assertThat(list.status()).as(paging).isEqualTo(400);
            assertThat(list.raw()).contains(paging.substring(0, paging.indexOf('=')));
        }
        assertThat(sales.sendRaw("PUT", "/api/v1/persons", "crm", "{}", "application/json").status()).isEqualTo(405);
        Api.Response huge = sales.sendRaw("POST", "/api/v1/persons/import", "crm", "x".repeat(9 * 1024 * 1024), "text/csv");
        assertThat(huge.status()).isEqualTo(413);
        assertThat((String) huge.get("detail")).contains("at most 8 MB");
    }

    @Test
    void refusesWritingAFieldThePurposeDoesNotCover() {
        Map<String, Object> body = new java.util.HashMap<>(person(unique()));
        body.put("addressLine", "12 rue des Lilas");
        Api.Response response = sales.post("/api/v1/persons", "prospecting", body);
        assertThat(response.status()).isEqualTo(403);
        assertThat((List<Object>) response.get("fields")).contains("person.address_line", "person.city", "person.country");
    }

    @Test
    void refusesCardNumberInNotesAndFlagsSpecialCategories() {
        Map<String, Object> withCard = new java.util.HashMap<>(person(unique()));
        withCard.put("notes", "Paid with 4111 1111 1111 1111 last week");
        long before = countPersons();
        Api.Response refused = sales.post("/api/v1/persons", "crm", withCard);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.raw()).doesNotContain("4111");
        assertThat(countPersons()).isEqualTo(before);

        Map<String, Object> withHealth = new java.util.HashMap<>(person(unique()));
        withHealth.put("notes", "Rappeler après son opération, elle est en chimiothérapie. Portable 07 98 76 54 32");
        Api.Response flagged = sales.post("/api/v1/persons", "crm", withHealth);
        assertThat(flagged.status()).isEqualTo(201);
        assertThat((List<Object>) flagged.get("flags")).contains("PHONE", "SPECIAL_CATEGORY:health");
    }

    @Test
    void tagsAndWhatNotesRevealAreShownOnlyToPurposesThatSeeThem() {
        Map<String, Object> body = new java.util.HashMap<>(person(unique()));
        body.put("notes", "Suivie pour un cancer, rappeler en mars");
        body.put("tags", List.of("vip", "salon-2026"));
        String id = (String) sales.post("/api/v1/persons", "crm", body).get("id");

        Api.Response crm = sales.get("/api/v1/persons/" + id, "crm");
        assertThat(crm.get("tags")).isEqualTo(List.of("vip", "salon-2026"));
        assertThat((List<Object>) crm.get("flags")).containsExactly("SPECIAL_CATEGORY:health");

        Api marketing = Staff.apiFor(accounts, port, Role.MARKETING);
        consentToEmailMarketing(marketing, id);
        Api.Response mailing = marketing.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(mailing.body()).doesNotContainKeys("tags", "notes");
        assertThat((List<Object>) mailing.get("flags")).isEmpty();
        assertThat((List<Object>) mailing.get("withheld")).contains("tags", "notes");

        Api.Response badTag = sales.patch("/api/v1/persons/" + id, "crm", Map.of("tags", List.of("<script>")));
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.raw()).contains("tags[0]");
    }

    @Test
    void updatesOnlyTheGivenFieldsAndKeepsIndexesInStep() {
        String u = unique();
        String id = (String) sales.post("/api/v1/persons", "crm", person(u)).get("id");
        Api.Response updated = sales.patch("/api/v1/persons/" + id, "crm",
                Map.of("emails", List.of("new." + u + "@exemple.fr"), "city", ""));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.get("firstName")).isEqualTo("Élodie");
        assertThat(updated.body()).doesNotContainKey("city");
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "new." + u + "@exemple.fr")))).containsExactly(id);
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "elodie." + u + "@exemple.fr")))).isEmpty();
    }

    @Test
    void deletesPersonSoThatNothingCanBeReadAnymore() {
        String u = unique();
        String id = (String) sales.post("/api/v1/persons", "crm", person(u)).get("id");
        assertThat(sales.delete("/api/v1/persons/" + id, "crm").status()).isEqualTo(204);
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(404);
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "elodie." + u + "@exemple.fr")))).isEmpty();
    }

    @Test
    void whereAPersonWorksIsShownOnlyToPurposesThatNeedIt() {
        Api.Response org = sales.post("/api/v1/organisations", null, Map.of("name", "Employer " + unique()));
        Map<String, Object> body = new java.util.HashMap<>(person(unique()));
        body.put("organisationId", org.get("id"));
        String id = (String) sales.post("/api/v1/persons", "crm", body).get("id");

        assertThat(sales.get("/api/v1/persons/" + id, "crm").get("organisationId")).isEqualTo(org.get("id"));
        assertThat(ids(sales.get("/api/v1/persons?organisationId=" + org.get("id"), "crm"))).containsExactly(id);
        assertThat(sales.get("/api/v1/organisations/" + org.get("id"), null).get("contacts")).isEqualTo(1);

        Api support = Staff.apiFor(accounts, port, Role.SUPPORT);
        Api.Response seen = support.get("/api/v1/persons/" + id, "support");
        assertThat(seen.get("organisationId")).isNull();
        assertThat(seen.get("organisationName")).isNull();
        assertThat((List<Object>) seen.get("withheld")).contains("organisationId");
        assertThat(support.get("/api/v1/persons?organisationId=" + org.get("id"), "support").status()).isEqualTo(403);

        // moving the person to no organisation updates the encrypted link and its index
        sales.patch("/api/v1/persons/" + id, "crm", java.util.Collections.singletonMap("organisationId", null));
        assertThat(ids(sales.get("/api/v1/persons?organisationId=" + org.get("id"), "crm"))).isEmpty();
        assertThat(sales.delete("/api/v1/organisations/" + org.get("id"), null).status()).isEqualTo(204);
    }

    @Test
    void onlyAPurposeCoveringAllOfAPersonMayEraseThem() {
        String id = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api support = Staff.apiFor(accounts, port, Role.SUPPORT);
        Api.Response refused = support.delete("/api/v1/persons/" + id, "support");
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.get("detail")).contains("destroys all of their data");
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        assertThat(sales.delete("/api/v1/persons/" + id, "prospecting").status()).isEqualTo(403);
        assertThat(sales.delete("/api/v1/persons/" + id, "crm").status()).isEqualTo(204);
    }

    @Test
    void anAggregateOnlyPurposeNeverReadsOnePerson() {
        String id = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api analyst = Staff.apiFor(accounts, port, Role.ANALYST);
        Api.Response one = analyst.get("/api/v1/persons/" + id, "analytics");
        assertThat(one.status()).isEqualTo(403);
        assertThat((String) one.get("detail")).contains("statistics over many persons only");
        assertThat(analyst.get("/api/v1/persons", "analytics").status()).isEqualTo(403);
    }

    @Test
    void rolesOutsideSalesAndSupportMayReadButNotChangeOrganisationsAndDeals() {
        Api auditor = Staff.apiFor(accounts, port, Role.AUDITOR);
        assertThat(auditor.get("/api/v1/organisations", null).status()).isEqualTo(200);
        assertThat(auditor.post("/api/v1/organisations", null, Map.of("name", "Nope")).status()).isEqualTo(403);
        assertThat(auditor.post("/api/v1/deals", null, Map.of("title", "Nope", "amount", "1")).status()).isEqualTo(403);
    }

    @Test
    void refusesRequestsWithoutOrWithABadToken() {
        Api anonymous = new Api(port, null);
        assertThat(anonymous.get("/api/v1/persons", "crm").status()).isEqualTo(401);
        Api forged = new Api(port, "cst_forged");
        Api.Response response = forged.get("/api/v1/persons", "crm");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.get("title")).isEqualTo("Invalid API token");
    }

    @Test
    void listsPersonsPagedAndRejectsBadPaging() {
        sales.post("/api/v1/persons", "crm", person(unique()));
        Api.Response page = sales.get("/api/v1/persons?page=0&size=5", "crm");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.items()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(sales.get("/api/v1/persons?size=100000", "crm").status()).isEqualTo(400);
    }

    /**
     * A list under a purpose resting on consent holds the persons who consented, and its count and pages are theirs: the
     * others are not read at all (no page of blanks behind a count of everyone, no refusal recorded for each of them).
     */
    @Test
    void aListUnderAConsentPurposeCountsAndPagesOnlyThePersonsWhoConsented() {
        Api marketing = Staff.apiFor(accounts, port, Role.MARKETING);
        String consented = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        consentToEmailMarketing(marketing, consented);
        String not = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        long deniedBefore = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'DENIED' AND subject_id = ?")
                .param(UUID.fromString(not)).query(Long.class).single();

        Api.Response list = marketing.get("/api/v1/persons?size=200", "email-marketing");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        List<Object> ids = list.items().stream().map(p -> p.get("id")).toList();
        assertThat(ids).contains(consented).doesNotContain(not);
        long total = ((Number) list.get("total")).longValue();
        assertThat(total).isLessThan(((Number) sales.get("/api/v1/persons?size=1", "crm").get("total")).longValue());
        if (total <= 200) assertThat(ids).hasSize((int) total);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'DENIED' AND subject_id = ?").param(UUID.fromString(not))
                .query(Long.class).single()).isEqualTo(deniedBefore);
        // under a purpose resting on a contract, everyone not restricted is listed
        assertThat(sales.get("/api/v1/persons?size=200", "crm").items().stream().map(p -> p.get("id")).toList()).isNotEmpty();
    }

    @Test
    void managesOrganisationsInteractionsAndDeals() {
        Api.Response org = sales.post("/api/v1/organisations", null, Map.of("name", "Acme " + unique(), "domain", "acme.fr", "country", "FR"));
        assertThat(org.status()).isEqualTo(201);
        Map<String, Object> body = new java.util.HashMap<>(person(unique()));
        body.put("organisationId", org.get("id"));
        String personId = (String) sales.post("/api/v1/persons", "crm", body).get("id");

        Api.Response interaction = sales.post("/api/v1/interactions", "crm",
                Map.of("personId", personId, "kind", "CALL", "summary", "Intéressée par l'offre annuelle"));
        assertThat(interaction.status()).isEqualTo(201);
        Api.Response list = sales.get("/api/v1/persons/" + personId + "/interactions", "crm");
        assertThat(list.items()).extracting(i -> i.get("summary")).containsExactly("Intéressée par l'offre annuelle");

        String interactionId = (String) interaction.get("id");
        Api.Response edited = sales.patch("/api/v1/interactions/" + interactionId, "crm", Map.of("kind", "MEETING", "summary", "Rappeler au 06 11 22 33 44"));
        assertThat(edited.get("kind")).isEqualTo("MEETING");
        assertThat(edited.get("summary")).isEqualTo("Rappeler au 06 11 22 33 44");
        assertThat((List<Object>) edited.get("flags")).contains("PHONE");
        assertThat(sales.patch("/api/v1/interactions/" + interactionId, "crm", Map.of("kind", "FAX")).status()).isEqualTo(400);
        Api support = Staff.apiFor(accounts, port, Role.SUPPORT);
        assertThat(support.get("/api/v1/interactions/" + interactionId, "support").get("summary")).isEqualTo("Rappeler au 06 11 22 33 44");
        assertThat(sales.delete("/api/v1/interactions/" + interactionId, "crm").status()).isEqualTo(204);
        assertThat(sales.get("/api/v1/interactions/" + interactionId, "crm").status()).isEqualTo(404);

        Api.Response deal = sales.post("/api/v1/deals", null, Map.of("title", "Licence annuelle", "amount", "12500.00",
                "currency", "EUR", "organisationId", org.get("id"), "contactId", personId, "stage", "PROPOSAL"));
        assertThat(deal.status()).isEqualTo(201);
        assertThat(sales.patch("/api/v1/deals/" + deal.get("id"), null, Map.of("stage", "WON")).get("stage")).isEqualTo("WON");
        assertThat(sales.post("/api/v1/deals", null, Map.of("title", "x", "amount", "-3")).status()).isEqualTo(400);
        Api.Response personalTitle = sales.post("/api/v1/deals", null, Map.of("title", "Renouvellement, appeler jean.dupont@exemple.fr", "amount", "10"));
        assertThat(personalTitle.status()).isEqualTo(400);
        assertThat(personalTitle.raw()).contains("EMAIL").doesNotContain("jean.dupont");
        assertThat(sales.post("/api/v1/deals", null, Map.of("title", "x", "amount", "1E+2147483647")).status()).isEqualTo(400);
        assertThat(sales.post("/api/v1/deals", null, Map.of("title", "x", "amount", "12.345")).status()).isEqualTo(400);
        // codes of the standards, not any letters: no currency XYZ, no country ZZ
        Api.Response noSuchCurrency = sales.post("/api/v1/deals", null, Map.of("title", "x", "amount", "10", "currency", "XYZ"));
        assertThat(noSuchCurrency.status()).isEqualTo(400);
        assertThat(noSuchCurrency.raw()).contains("currency");
        Api.Response noSuchCountry = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Zoé", "country", "ZZ"));
        assertThat(noSuchCountry.status()).isEqualTo(400);
        assertThat(noSuchCountry.raw()).contains("country").contains("ISO 3166-1");
        assertThat(sales.post("/api/v1/organisations", null, Map.of("name", "Nowhere " + unique(), "country", "ZZ")).status()).isEqualTo(400);
        assertThat(sales.delete("/api/v1/organisations/" + org.get("id"), null).status()).isEqualTo(409);
        Api.Response orphan = sales.post("/api/v1/interactions", "crm", Map.of("personId", UUID.randomUUID().toString(), "kind", "CALL"));
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.raw()).contains("personId");
    }

    /** Making a person a deal's contact, changing the contact and deleting the deal are writes on the persons, in the ledger. */
    @Test
    void aDealsContactLinksAreRecordedOnThePersonsConcerned() {
        String first = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        String second = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api.Response deal = sales.post("/api/v1/deals", null, Map.of("title", "Licence", "amount", "100", "contactId", first));
        assertThat(deal.status()).as(deal.raw()).isEqualTo(201);
        String dealId = (String) deal.get("id");
        assertThat(sales.patch("/api/v1/deals/" + dealId, null, Map.of("stage", "WON")).status()).isEqualTo(200);
        assertThat(sales.patch("/api/v1/deals/" + dealId, null, Map.of("contactId", second)).status()).isEqualTo(200);
        assertThat(sales.delete("/api/v1/deals/" + dealId, null).status()).isEqualTo(204);

        Api auditor = Staff.apiFor(accounts, port, Role.AUDITOR);
        assertThat(dealDetails(auditor, first, dealId)).containsExactly(
                "record=deal " + dealId + "; fields=contact; unlinked", "record=deal " + dealId + "; fields=contact; linked");
        assertThat(dealDetails(auditor, second, dealId)).containsExactly(
                "record=deal " + dealId + "; fields=contact; unlinked", "record=deal " + dealId + "; fields=contact; linked");
        // each names the purpose the pipeline serves, as every other entry on a person does
        List<Map<String, Object>> entries = (List<Map<String, Object>>) auditor.get("/api/v1/audit/entries?action=UPDATE&subject=" + first, null)
                .get("entries");
        assertThat(entries).extracting(e -> ((Map<String, Object>) e.get("entry")))
                .filteredOn(e -> ((String) e.get("detail")).contains("deal " + dealId)).extracting(e -> e.get("purpose")).containsOnly("crm");
    }

    /** An interaction made is a CREATE; a change of its kind or time alone is an UPDATE naming what changed, never a value. */
    @Test
    void anInteractionsKindAndTimeChangesAreRecordedLikeItsSummary() {
        String person = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api.Response made = sales.post("/api/v1/interactions", "crm", Map.of("personId", person, "kind", "CALL", "summary", "Rappel"));
        assertThat(made.status()).as(made.raw()).isEqualTo(201);
        String id = (String) made.get("id");
        assertThat(sales.patch("/api/v1/interactions/" + id, "crm", Map.of("kind", "MEETING")).get("kind")).isEqualTo("MEETING");
        assertThat(sales.patch("/api/v1/interactions/" + id, "crm", Map.of("occurredAt", "2026-01-15T09:30:00Z", "kind", "MEETING")).status())
                .isEqualTo(200);
        // the same again changes nothing, and records nothing
        assertThat(sales.patch("/api/v1/interactions/" + id, "crm", Map.of("kind", "MEETING")).status()).isEqualTo(200);

        Api auditor = Staff.apiFor(accounts, port, Role.AUDITOR);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) auditor.get("/api/v1/audit/entries?subject=" + person, null).get("entries");
        List<String> acts = entries.stream().map(e -> (Map<String, Object>) e.get("entry"))
                .filter(e -> ((String) e.get("detail")).contains("interaction " + id))
                .map(e -> e.get("action") + " " + ((String) e.get("detail")).replaceFirst("^account=[0-9a-f-]+; ", "")).toList();
        assertThat(acts).containsExactly(
                "UPDATE record=interaction " + id + "; changed=occurredAt; fields=",
                "UPDATE record=interaction " + id + "; changed=kind; fields=",
                "CREATE record=interaction " + id + "; fields=summary");
    }

    /** The UPDATE entries naming the deal on a person, newest first. */
    private static List<String> dealDetails(Api auditor, String person, String dealId) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) auditor.get("/api/v1/audit/entries?action=UPDATE&subject=" + person, null).get("entries");
        return entries.stream().map(e -> (String) ((Map<String, Object>) e.get("entry")).get("detail"))
                // an API token's entries name its account first
                .map(d -> d.replaceFirst("^account=[0-9a-f-]+; ", "")).filter(d -> d.contains("deal " + dealId)).toList();
    }

    @Test
    void importsCsvAllOrNothingNamingTheRowAndFieldOfEachError() {
        String u = unique();
        String good = "firstName;lastName;emails;country;jurisdiction\n"
                + "Ana;Import" + u + ";ana." + u + "@exemple.fr|ana2." + u + "@exemple.fr;FR;EU\n"
                + "\"Jean, dit \"\"JJ\"\"\";Import" + u + ";jj." + u + "@exemple.fr;FR;EU\n";
        Api.Response created = sales.sendRaw("POST", "/api/v1/persons/import", "crm", good, "text/csv");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.get("created")).isEqualTo(2);
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "ana2." + u + "@exemple.fr")))).hasSize(1);

        long before = countPersons();
        String bad = "firstName,lastName,emails,country\nBob,Ok" + u + ",bob." + u + "@exemple.fr,FR\nEve,Bad,not-an-email,Francia\n";
        Api.Response refused = sales.sendRaw("POST", "/api/v1/persons/import", "crm", bad, "text/csv");
        assertThat(refused.status()).isEqualTo(400);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) refused.get("errors");
        assertThat(errors).extracting(e -> e.get("row") + ":" + e.get("field")).containsExactlyInAnyOrder("2:emails[0]", "2:country");
        assertThat(countPersons()).isEqualTo(before);
    }

    /**
     * An import sent again with its Idempotency-Key (the answer was lost) imports nothing twice and gives back the first
     * answer whole: the ids it made, in the order of its rows, which the client could not find again by itself.
     */
    @Test
    void anImportSentAgainWithItsIdempotencyKeyGivesBackTheIdsItMade() {
        String u = unique();
        byte[] json = ("[{\"firstName\": \"Una\", \"lastName\": \"Rejeu" + u + "\"}, {\"firstName\": \"Dos\", \"lastName\": \"Rejeu" + u
                + "\"}]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString());
        Api.Response first = sales.sendBytes("POST", "/api/v1/persons/import", "crm", json, headers);
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        List<String> ids = (List<String>) first.get("ids");
        assertThat(ids).hasSize(2);
        Api.Response again = sales.sendBytes("POST", "/api/v1/persons/import", "crm", json, headers);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.get("ids")).isEqualTo(ids);
        assertThat(again.get("created")).isEqualTo(2);
        assertThat(again.raw()).isEqualTo(first.raw());
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "Rejeu" + u)))).containsExactlyInAnyOrderElementsOf(ids);

        // the same for CSV; what is kept holds the ids and the count, never a value of the rows
        byte[] csv = ("firstName,lastName,emails\nTres,Rejeu" + u + ",tres." + u + "@exemple.fr\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String key = UUID.randomUUID().toString();
        Map<String, String> csvHeaders = Map.of("Content-Type", "text/csv", "Idempotency-Key", key);
        Api.Response csvFirst = sales.sendBytes("POST", "/api/v1/persons/import", "crm", csv, csvHeaders);
        assertThat(csvFirst.status()).as(csvFirst.raw()).isEqualTo(201);
        Api.Response csvAgain = sales.sendBytes("POST", "/api/v1/persons/import", "crm", csv, csvHeaders);
        assertThat(csvAgain.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(csvAgain.get("ids")).isEqualTo(csvFirst.get("ids")).asList().hasSize(1);
        byte[] kept = jdbc.sql("SELECT outcome FROM api_request_key WHERE key_digest = ?").param(requestDigests.key(key)).query(byte[].class).single();
        assertThat(new String(kept, java.nio.charset.StandardCharsets.UTF_8)).contains(((List<String>) csvFirst.get("ids")).getFirst())
                .doesNotContain("Tres").doesNotContain("Rejeu").doesNotContain("exemple");
        assertThat(ids(sales.post("/api/v1/persons/search", "crm", Map.of("query", "Rejeu" + u)))).hasSize(3);

        // a create's answer (a person's values) is never kept: its replay gives the address to fetch
        String createKey = UUID.randomUUID().toString();
        Map<String, String> createHeaders = Map.of("Content-Type", "application/json", "Idempotency-Key", createKey);
        byte[] person = ("{\"firstName\": \"Cuatro\", \"lastName\": \"Rejeu" + u + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sales.sendBytes("POST", "/api/v1/persons", "crm", person, createHeaders).status()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_request_key WHERE key_digest = ? AND outcome IS NULL AND location IS NOT NULL")
                .param(requestDigests.key(createKey)).query(Long.class).single()).isEqualTo(1);
        assertThat(sales.sendBytes("POST", "/api/v1/persons", "crm", person, createHeaders).raw()).doesNotContain("Cuatro").contains("\"replayed\":true");
    }

    @Test
    void servesTheOpenApiDescriptionAndTheDataMap() {
        Api.Response openApi = new Api(port, null).get("/api/v1/openapi", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat((Map<String, Object>) openApi.get("paths")).containsKeys("/api/v1/persons", "/api/v1/persons/{id}", "/api/v1/datamap");
        assertThat(openApi.raw()).contains("\"Idempotency-Key\"");
        // named once per operation, also where two handlers make one (the import's JSON and CSV): a parameter twice is invalid OpenAPI
        Map<String, Object> importPost = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) openApi.get("paths"))
                .get("/api/v1/persons/import")).get("post");
        assertThat((List<Map<String, Object>>) importPost.get("parameters")).filteredOn(p -> "Idempotency-Key".equals(p.get("name"))).hasSize(1);
        // a create answers 201, and is described so
        Map<String, Object> paths = (Map<String, Object>) openApi.get("paths");
        for (String path : List.of("/api/v1/persons", "/api/v1/persons/import", "/api/v1/deals", "/api/v1/organisations", "/api/v1/interactions")) {
            Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) paths.get(path)).get("post")).get("responses");
            assertThat(responses).as(path).containsKey("201").doesNotContainKey("200");
        }
        Api.Response dataMap = sales.get("/api/v1/datamap", null);
        assertThat(dataMap.status()).isEqualTo(200);
        assertThat((Map<String, Object>) dataMap.get("purposes")).containsKeys("crm", "email-marketing");
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    io.custodia.crypto.RequestDigests requestDigests;

    long countPersons() {
        return jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single();
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.items().stream().map(i -> (String) i.get("id")).toList();
    }
    /** The total the list reports (persons visible to the purpose): how many exist, before and after a refused call. */
    private long total() {
        return ((Number) sales.get("/api/v1/persons?size=1", "crm").get("total")).longValue();
    }

    /**
     * Bad input found by a review, each refused before anything is written and without repeating a value back: a
     * client that cannot take JSON (it would retry a change that was made), a CSV without its header line or not in
     * UTF-8, a parameter of the wrong form, text that is not valid Unicode or turns its direction, an unknown
     * language, a phone number longer than E.164 allows, a time the database cannot hold, a method an address does
     * not take.
     */
    @Test
    void badInputIsRefusedBeforeAnythingIsWrittenAndNeverEchoed() {
        long before = total();
        String unique = unique();
        Api.Response html = sales.sendBytes("POST", "/api/v1/persons", "crm", ("{\"firstName\":\"Accept" + unique + "\"}").getBytes(),
                Map.of("Content-Type", "application/json", "Accept", "text/html"));
        assertThat(html.status()).isEqualTo(406);
        assertThat(html.get("detail").toString()).contains("nothing was done").contains("Accept: application/json");
        assertThat(sales.sendBytes("POST", "/api/v1/persons", "crm", ("{\"firstName\":\"Accept" + unique + "\"}").getBytes(),
                Map.of("Content-Type", "application/json", "Accept", "text/html, application/json;q=0.5")).status()).isEqualTo(201);
        assertThat(total()).isEqualTo(before + 1);

        String csv = "Jeanne,Dupontel" + unique + ",jeanne." + unique + "@example.invalid\nPaul,Martin,paul@example.invalid\n";
        Api.Response headless = sales.sendBytes("POST", "/api/v1/persons/import", "crm", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Content-Type", "text/csv"));
        assertThat(headless.status()).isEqualTo(400);
        assertThat(headless.raw()).contains("header column 1").contains("the first line must name the fields").doesNotContain("Dupontel")
                .doesNotContain("jeanne.");
        Api.Response twice = sales.sendBytes("POST", "/api/v1/persons/import", "crm", "firstName,firstName\nA,B\n".getBytes(),
                Map.of("Content-Type", "text/csv"));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.raw()).contains("names the same field as column 1");
        Api.Response trailing = sales.sendBytes("POST", "/api/v1/persons/import", "crm",
                ("firstName,lastName,\nTrailing,Sep" + unique + ",\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
        assertThat(trailing.status()).as(trailing.raw()).isEqualTo(201);
        Api.Response unnamed = sales.sendBytes("POST", "/api/v1/persons/import", "crm",
                ("firstName,\nNoName,secret" + unique + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.raw()).contains("column 2").doesNotContain("secret");
        // every row of the wrong shape is named at once, each by its number, nothing imported
        long beforeShapes = countPersons();
        Api.Response shapes = sales.sendBytes("POST", "/api/v1/persons/import", "crm",
                ("firstName,lastName\nA,Ok" + unique + "\nB\nC,Ok,extra\nD,Ok" + unique + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Content-Type", "text/csv"));
        assertThat(shapes.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) shapes.get("errors")).extracting(e -> e.get("row") + ":" + e.get("field") + ":" + e.get("code"))
                .containsExactly("2:row:columns", "3:row:columns");
        assertThat(countPersons()).isEqualTo(beforeShapes);
        byte[] latin1 = ("firstName,lastName\nC\u00e9line,Csv" + unique + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Api.Response notUtf8 = sales.sendBytes("POST", "/api/v1/persons/import", "crm", latin1, Map.of("Content-Type", "text/csv"));
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.raw()).contains("is not UTF-8 text");

        Api.Response size = sales.get("/api/v1/persons?size=jeanne." + unique + "@example.invalid", "crm");
        assertThat(size.status()).isEqualTo(400);
        assertThat(size.get("detail")).isEqualTo("'size' must be a whole number");
        assertThat(size.raw()).doesNotContain(unique);

        for (String name : List.of("Z\\ud800ed", "Abc\\u202edef")) {
            Api.Response bad = sales.sendRaw("POST", "/api/v1/persons", "crm", "{\"firstName\":\"" + name + "\"}", "application/json");
            assertThat(bad.status()).as(name).isEqualTo(400);
            assertThat(bad.raw()).contains("invalid-text");
        }
        assertThat(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Tab", "addressLine", "1 rue\tdu Port")).raw()).contains("line-break");
        assertThat(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Lang", "language", "xx")).raw()).contains("ISO 639-1");
        assertThat(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Phone", "phones", List.of("+33 6 12 34 56 78 90 12 34 56 78")))
                .raw()).contains("at most 15 digits");
        assertThat(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Phone", "phones", List.of("0033 6 12 34 56 78"))).status())
                .isEqualTo(201);

        String id = (String) sales.post("/api/v1/persons", "crm", person(unique())).get("id");
        Api.Response far = sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "CALL",
                "occurredAt", "+999999999-12-31T23:59:59Z", "summary", "s"));
        assertThat(far.status()).isEqualTo(400);
        assertThat(far.raw()).contains("occurredAt").contains("between the years 1900 and 9999").doesNotContain("Exception");
        // an interaction records what happened: a time later than tomorrow is refused, said as such; today's is taken
        Api.Response future = sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "MEETING",
                "occurredAt", java.time.Instant.now().plus(java.time.Duration.ofDays(3)).toString(), "summary", "s"));
        assertThat(future.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) future.get("errors")).extracting(e -> e.get("field"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("occurredAt", "in-future"));
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "CALL",
                "occurredAt", java.time.Instant.now().plus(java.time.Duration.ofHours(2)).toString(), "summary", "s")).status()).isEqualTo(201);
        // a day typed with more after it is "not a date", not "too long"
        Api.Response notADay = sales.post("/api/v1/deals", null, Map.of("title", "Late", "amount", 1, "expectedClose", "2026-12-31 at the latest"));
        assertThat(notADay.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) notADay.get("errors")).extracting(e -> e.get("field"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("expectedClose", "malformed"));
        assertThat(sales.post("/api/v1/deals", null, Map.of("title", "Old", "amount", 1, "expectedClose", "1582-10-10")).raw())
                .contains("between the years 1900 and 9999");
        // a deal's expected close is a plan: a day a lifetime away is a typing mistake, refused as such (either way)
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (String farDay : List.of("9999-12-31", "1900-01-01", today.plusYears(21).toString(), today.minusYears(21).toString())) {
            Api.Response refused = sales.post("/api/v1/deals", null, Map.of("title", "Far", "amount", 1, "expectedClose", farDay));
            assertThat(refused.status()).as(farDay).isEqualTo(400);
            assertThat((List<Map<String, Object>>) refused.get("errors")).extracting(e -> e.get("field"), e -> e.get("code"), e -> e.get("message"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("expectedClose", "out-of-range", "must be within 20 years of today"));
        }
        Api.Response near = sales.post("/api/v1/deals", null, Map.of("title", "Near", "amount", 1, "expectedClose", today.plusYears(19).toString()));
        assertThat(near.status()).isEqualTo(201);
        assertThat(sales.sendRaw("PATCH", "/api/v1/deals/" + near.get("id"), null, "{\"expectedClose\": \"" + today.plusYears(30) + "\"}",
                "application/json").raw()).contains("out-of-range");
        // a deal recorded before the rule, its day left as it was, is still edited (the edit form sends every field)
        jdbc.sql("UPDATE deal SET expected_close = ? WHERE id = ?").params(java.sql.Date.valueOf("9999-12-31"), UUID.fromString((String) near.get("id")))
                .update();
        assertThat(sales.sendRaw("PATCH", "/api/v1/deals/" + near.get("id"), null, "{\"expectedClose\": \"9999-12-31\", \"stage\": \"WON\"}",
                "application/json").status()).isEqualTo(200);
        // a country that is not a code is told what a code is, whatever its length
        assertThat(sales.post("/api/v1/organisations", null, Map.of("name", "Pays SA", "country", "France")).raw()).contains("ISO 3166-1")
                .doesNotContain("too-long");
        // a currency that is not a code is told what a code is, whatever its length
        assertThat(sales.post("/api/v1/deals", null, Map.of("title", "Euro", "amount", 1, "currency", "euro")).raw())
                .contains("ISO 4217").doesNotContain("too-long");

        assertThat(sales.post("/api/v1/organisations", null, Map.of("name", "Two\nLines")).raw()).contains("must fit on one line");
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "NOTE", "summary", "Line 1\nLine 2\tindented"))
                .status()).isEqualTo(201);

        Api.Response emptySearch = sales.post("/api/v1/persons/search", "crm", Map.of("query", ""));
        assertThat(emptySearch.status()).isEqualTo(400);
        assertThat(emptySearch.raw()).contains("\"field\":\"query\"");
        assertThat(sales.post("/api/v1/persons/search", "crm", Map.of("query", "Dupont", "colour", "blue")).raw()).contains("colour")
                .contains("unknown");
        assertThat(sales.get("/api/v1/organisations?page=-5", null).raw()).contains("\"field\":\"page\"");
        Api.Response unknownOrg = sales.post("/api/v1/persons/import", "crm", List.of(Map.of("firstName", "Un"),
                Map.of("firstName", "Deux", "organisationId", UUID.randomUUID().toString())));
        assertThat(unknownOrg.status()).isEqualTo(400);
        assertThat(unknownOrg.get("detail").toString()).startsWith("row 2, organisationId");

        Api.Response syntax = sales.sendRaw("POST", "/api/v1/persons", "crm", "{\n  \"firstName\": \"Syn\",\n  \"lastName\" \"Tax\"\n}", "application/json");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.get("detail").toString()).contains("(at line 3, column").doesNotContain("Tax");
        Api.Response twiceNamed = sales.sendRaw("POST", "/api/v1/persons", "crm", "{\"firstName\": \"Un\", \"firstName\": \"Deux\"}", "application/json");
        assertThat(twiceNamed.status()).isEqualTo(400);
        assertThat(twiceNamed.get("title")).isEqualTo("Malformed body");
        Api.Response xml = sales.sendRaw("POST", "/api/v1/persons", "crm", "<person/>", "application/xml");
        assertThat(xml.status()).isEqualTo(415);
        assertThat(xml.get("detail").toString()).contains("application/json");
        // a format that would be read without the JSON checks (a field named twice kept its last value) is not taken
        for (String other : List.of("application/yaml", "application/x-yaml", "application/cbor")) {
            Api.Response yaml = sales.sendRaw("POST", "/api/v1/persons", "crm", "firstName: Un\nfirstName: Deux\n", other);
            assertThat(yaml.status()).as(other).isEqualTo(415);
            assertThat(yaml.get("detail").toString()).doesNotContain("yaml").doesNotContain("cbor");
        }
        Api.Response badIp = sales.post("/api/v1/persons/" + id + "/consents", null, Map.of("purpose", "email-marketing", "channel", "email",
                "status", "given", "ipAddress", "999.1.1.1"));
        assertThat(badIp.status()).isEqualTo(400);
        assertThat(badIp.raw()).contains("ipAddress").contains("IPv4 or IPv6");
        // a value the JDK would look up as a host name is refused before any lookup
        assertThat(sales.post("/api/v1/persons/" + id + "/consents", null, Map.of("purpose", "email-marketing", "channel", "email",
                "status", "given", "ipAddress", ".:a")).raw()).contains("IPv4 or IPv6");

        Api.Response getSearch = sales.get("/api/v1/persons/search?q=Dupont", "crm");
        assertThat(getSearch.status()).isEqualTo(405);
        assertThat(getSearch.raw()).doesNotContain("UUID");

        Api.Response put = sales.put("/api/v1/persons", "crm", Map.of("firstName", "X"));
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.body()).containsEntry("title", "Method Not Allowed").containsKey("detail").containsEntry("instance", "/api/v1/persons")
                .doesNotContainKey("timestamp");
        // the server's own refusals are problem details by their type too, as every other API error is
        assertThat(put.contentType()).startsWith("application/problem+json");
        assertThat(getSearch.contentType()).startsWith("application/problem+json");
        Api.Response nowhere = sales.get("/api/v1/nowhere", null);
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.contentType()).startsWith("application/problem+json");
        assertThat(nowhere.body()).containsEntry("instance", "/api/v1/nowhere");
        Api.Response wrongType = sales.sendRaw("POST", "/api/v1/persons", "crm", "<person/>", "application/xml");
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
        // refused by the server itself, before any controller: still a problem detail, not the server's HTML page
        // (a request line past the server's 8 KB is refused before its address is even read: that stays the server's page)
        for (String refusedByServer : List.of("/api/v1/persons/%00", "/api/v1/persons/a%2Fb")) {
            Api.Response refused = sales.get(refusedByServer, "crm");
            assertThat(refused.status()).as(refusedByServer.substring(0, Math.min(25, refusedByServer.length()))).isEqualTo(400);
            assertThat(refused.contentType()).as(refusedByServer.substring(0, Math.min(25, refusedByServer.length()))).startsWith("application/problem+json");
            assertThat(refused.body()).containsEntry("status", 400).containsKey("detail");
        }
        // the next request is answered as usual, while a page's address refused the same way keeps the server's own short page
        assertThat(sales.get("/api/v1/persons?size=1", "crm").status()).isEqualTo(200);
        Api.Response page = sales.get("/persons/%00", null);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.contentType()).startsWith("text/html");
    }
}
