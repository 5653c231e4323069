package io.custodia.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Consent, objection and restriction as an integrator and staff meet them through the API: recorded in
 * the consent ledger, applied by the gateway from the next read on, refused reads naming why, and every
 * choice and refusal in the audit ledger. Run on H2 and on PostgreSQL by the subclasses.
 */
@SuppressWarnings("unchecked")
abstract class ConsentApiTests {

    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PurposeChanges purposeChanges;
    @LocalServerPort
    int port;
    Api sales;
    Api marketing;
    Api support;
    Api dpo;

    @BeforeEach
    void signIn() {
        sales = Staff.apiFor(accounts, port, Role.SALES);
        marketing = Staff.apiFor(accounts, port, Role.MARKETING);
        support = Staff.apiFor(accounts, port, Role.SUPPORT);
        dpo = Staff.apiFor(accounts, port, Role.DPO);
    }

    private String newPerson() {
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Maëlle", "lastName", "Quentin" + u,
                "emails", List.of("maelle." + u + "@exemple.fr"), "jobTitle", "Acheteuse", "language", "fr", "jurisdiction", "EU"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return (String) created.get("id");
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private long auditEntries(String id, String action, String detailPart) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE subject_id = ? AND action = ? AND detail LIKE ?")
                .params(UUID.fromString(id), action, "%" + detailPart + "%").query(Long.class).single();
    }

    @Test
    void emailMarketingReadsOnlyWhileConsentIsGivenAndARefusalSaysWhy() {
        String id = newPerson();
        Api.Response none = marketing.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(none.status()).as(none.raw()).isEqualTo(403);
        assertThat(none.get("reason")).isEqualTo("CONSENT_MISSING");
        assertThat((String) none.get("detail")).isEqualTo("no consent for email-marketing has been given (GDPR Art. 6(1)(a))");

        Api.Response given = marketing.post("/api/v1/persons/" + id + "/consents", null, Map.of("purpose", "email-marketing",
                "channel", "email", "status", "given", "source", "web_form", "noticeLanguage", "fr", "formId", "newsletter-footer",
                "userAgent", "Mozilla/5.0 (X11; Linux x86_64)", "ipAddress", "203.0.113.7"));
        assertThat(given.status()).as(given.raw()).isEqualTo(201);
        Map<String, Object> event = ((List<Map<String, Object>>) given.get("events")).getFirst();
        assertThat(event).containsEntry("kind", "GIVEN").containsEntry("dpvStatus", "dpv:ConsentGiven").containsEntry("channel", "EMAIL")
                .containsEntry("source", "WEB_FORM");
        Api.Response notice = marketing.get("/api/v1/privacy-notice?lang=fr", null);
        assertThat((Map<String, Object>) event.get("notice")).containsEntry("version", notice.get("version"))
                .containsEntry("sha256", notice.get("sha256")).containsEntry("language", "fr");
        assertThat((String) notice.get("text")).contains("Marketing par e-mail").contains("retirer votre consentement");
        assertThat((Map<String, Object>) event.get("evidence")).containsEntry("formId", "newsletter-footer")
                .containsEntry("ipAddress", "recorded as a keyed hash");
        // the IP address itself is nowhere in the ledger
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_event WHERE ip_digest LIKE '%203.0.113%'").query(Long.class).single()).isZero();

        Api.Response read = marketing.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat((List<String>) read.get("emails")).hasSize(1);

        Api.Response receipt = marketing.get("/api/v1/persons/" + id + "/consents/" + event.get("id") + "/receipt", "email-marketing");
        assertThat(receipt.status()).as(receipt.raw()).isEqualTo(200);
        assertThat((List<String>) receipt.get("conformsTo")).contains("ISO/IEC TS 27560:2023");
        assertThat((Map<String, Object>) receipt.get("header")).containsEntry("piiPrincipalId", id).containsEntry("recordId", event.get("id"))
                .containsEntry("language", "fr");
        Map<String, Object> processing = (Map<String, Object>) receipt.get("processing");
        assertThat((Map<String, Object>) processing.get("legalBasis")).containsEntry("dpv", "dpv:Consent");
        assertThat((Map<String, Object>) processing.get("purpose")).containsEntry("name", "Marketing par e-mail");
        assertThat((Map<String, Object>) processing.get("notice")).containsEntry("sha256", notice.get("sha256"));
        assertThat((List<String>) processing.get("piiCategories")).contains("user.contact.email");
        assertThat((Map<String, Object>) ((Map<String, Object>) receipt.get("parties")).get("controller")).containsEntry("name", "Example SAS");
        assertThat(receipt.get("currentState")).isEqualTo("CONSENT_GIVEN");
        assertThat(receipt.raw()).doesNotContain("maelle").doesNotContain("203.0.113");

        // anyone acting for the company may take a withdrawal (GDPR Art. 7(3): as easy as giving)
        Api.Response withdrawn = support.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "withdrawn", "source", "staff_phone"));
        assertThat(withdrawn.status()).as(withdrawn.raw()).isEqualTo(201);
        Api.Response refused = marketing.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.get("reason")).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(refused.get("detail")).isEqualTo("consent for email-marketing withdrawn on " + today());
        assertThat(refused.get("since")).isNotNull();
        // the contract purpose is not touched by a marketing consent
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);

        Api.Response consents = marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing");
        assertThat(consents.status()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) consents.get("history")).extracting(e -> e.get("kind")).containsExactly("GIVEN", "WITHDRAWN");
        Map<String, Object> emailMarketing = ((List<Map<String, Object>>) consents.get("purposes")).stream()
                .filter(p -> p.get("purpose").equals("email-marketing")).findFirst().orElseThrow();
        assertThat(emailMarketing.get("status")).isEqualTo("CONSENT_WITHDRAWN");

        Api.Response afterWithdrawal = marketing.get("/api/v1/persons/" + id + "/consents/" + event.get("id") + "/receipt", "email-marketing");
        assertThat(afterWithdrawal.get("currentState")).isEqualTo("CONSENT_WITHDRAWN");
        assertThat((List<Map<String, Object>>) afterWithdrawal.get("events")).extracting(e -> e.get("type")).containsExactly("GIVEN", "WITHDRAWN");
        String withdrawalId = (String) ((List<Map<String, Object>>) withdrawn.get("events")).getFirst().get("id");
        assertThat(marketing.get("/api/v1/persons/" + id + "/consents/" + withdrawalId + "/receipt", "email-marketing").status()).isEqualTo(400);
        assertThat(marketing.get("/api/v1/persons/" + id + "/consents/" + UUID.randomUUID() + "/receipt", "email-marketing").status()).isEqualTo(404);

        assertThat(auditEntries(id, "CONSENT", "kind=GIVEN;source=WEB_FORM;channel=EMAIL;notice=")).isEqualTo(1);
        assertThat(auditEntries(id, "CONSENT", "kind=WITHDRAWN")).isEqualTo(1);
        assertThat(auditEntries(id, "DENIED", "reason=BASIS_CONSENT_WITHDRAWN; since=" + today())).isEqualTo(1);
        assertThat(auditEntries(id, "DENIED", "reason=BASIS_CONSENT_MISSING")).isEqualTo(1);
    }

    @Test
    void anObjectionToDirectMarketingStopsEveryDirectMarketingPurposeUntilTheDpoLiftsIt() {
        String id = newPerson();
        assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "given")).status()).isEqualTo(201);
        assertThat(sales.get("/api/v1/persons/" + id, "prospecting").status()).isEqualTo(200);

        Api.Response objected = support.post("/api/v1/persons/" + id + "/objections", null, Map.of("purpose", "prospecting", "source", "staff_phone"));
        assertThat(objected.status()).as(objected.raw()).isEqualTo(201);
        assertThat((List<Map<String, Object>>) objected.get("events")).extracting(e -> e.get("purpose"))
                .containsExactlyInAnyOrder("prospecting", "email-marketing");
        // said again, by phone or through the other direct-marketing purpose: already on record, nothing more recorded
        for (String purpose : List.of("prospecting", "email-marketing")) {
            Api.Response repeat = support.post("/api/v1/persons/" + id + "/objections", null, Map.of("purpose", purpose));
            assertThat(repeat.status()).as(repeat.raw()).isEqualTo(200);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_event WHERE subject_id = ? AND kind = 'OBJECTED'").param(UUID.fromString(id))
                .query(Long.class).single()).isEqualTo(2);

        Api.Response prospecting = sales.get("/api/v1/persons/" + id, "prospecting");
        assertThat(prospecting.status()).isEqualTo(403);
        assertThat(prospecting.get("reason")).isEqualTo("OBJECTED");
        assertThat((String) prospecting.get("detail")).contains("objected to prospecting on " + today()).contains("Art. 21(3)");
        assertThat(marketing.get("/api/v1/persons/" + id, "email-marketing").get("reason")).isEqualTo("OBJECTED");
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);

        // an objection to direct marketing is absolute (Art. 21(3)): not even the DPO lifts it; only the person can
        Api.Response notLifted = dpo.delete("/api/v1/persons/" + id + "/objections/prospecting", null);
        assertThat(notLifted.status()).isEqualTo(403);
        assertThat((String) notLifted.get("detail")).contains("Art. 21(3)");
        assertThat(auditEntries(id, "DENIED", "attempted=OBJECTION; kind=OBJECTION_LIFTED; reason=ABSOLUTE_OBJECTION")).isEqualTo(1);
        assertThat(sales.get("/api/v1/persons/" + id, "prospecting").get("reason")).isEqualTo("OBJECTED");
        assertThat(auditEntries(id, "OBJECTION", "kind=OBJECTED")).isEqualTo(2);

        // an objection to a legitimate interest that is not marketing may be outweighed by compelling grounds (Art. 21(1)): the DPO's call
        Api.Response analytics = support.post("/api/v1/persons/" + id + "/objections", null, Map.of("purpose", "analytics"));
        assertThat(analytics.status()).as(analytics.raw()).isEqualTo(201);
        assertThat(sales.delete("/api/v1/persons/" + id + "/objections/analytics", null).status()).isEqualTo(403);
        assertThat(dpo.delete("/api/v1/persons/" + id + "/objections/analytics", null).status()).isEqualTo(200);
        assertThat(auditEntries(id, "OBJECTION", "kind=OBJECTION_LIFTED")).isEqualTo(1);
        // lifting again, with nothing on record, records nothing; someone who does not exist is not found, whatever the purpose
        Api.Response again = dpo.delete("/api/v1/persons/" + id + "/objections/analytics", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat((String) again.get("detail")).contains("nothing to lift");
        assertThat(auditEntries(id, "OBJECTION", "kind=OBJECTION_LIFTED")).isEqualTo(1);
        String nobody = "/api/v1/persons/" + java.util.UUID.randomUUID();
        assertThat(dpo.delete(nobody + "/objections/prospecting", null).status()).isEqualTo(404);
        assertThat(dpo.delete(nobody + "/objections/analytics", null).status()).isEqualTo(404);
    }

    @Test
    void restrictionLeavesOnlyStorageAndPurposesFoundedOnALegalObligation() {
        String id = newPerson();
        assertThat(sales.put("/api/v1/persons/" + id + "/restriction", null, Map.of()).status()).isEqualTo(403);
        // a refusal to record a choice is in the ledger too, with its reason
        assertThat(auditEntries(id, "DENIED", "attempted=RESTRICTION; kind=RESTRICTED; reason=ROLE")).isEqualTo(1);
        Api.Response restricted = dpo.put("/api/v1/persons/" + id + "/restriction", null, Map.of("source", "staff_in_person"));
        assertThat(restricted.status()).as(restricted.raw()).isEqualTo(201);
        // a PUT again changes nothing: 200, and no second event saying the same
        Api.Response again = dpo.put("/api/v1/persons/" + id + "/restriction", null, Map.of());
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_event WHERE subject_id = ? AND kind = 'RESTRICTED'").param(UUID.fromString(id))
                .query(Long.class).single()).isEqualTo(1);

        Api.Response crm = sales.get("/api/v1/persons/" + id, "crm");
        assertThat(crm.status()).isEqualTo(403);
        assertThat(crm.get("reason")).isEqualTo("RESTRICTED");
        assertThat((String) crm.get("detail")).contains("restricted since " + today()).contains("Art. 18");
        Api.Response change = sales.patch("/api/v1/persons/" + id, "crm", Map.of("city", "Nantes"));
        assertThat(change.status()).isEqualTo(403);
        assertThat(change.get("reason")).isEqualTo("RESTRICTED");
        // answering the person's own requests is a legal obligation: still possible
        assertThat(dpo.get("/api/v1/persons/" + id, "data-subject-rights").status()).isEqualTo(200);
        // nor is a restricted person made a deal's contact (a new link is new processing)
        Api.Response deal = sales.post("/api/v1/deals", null, Map.of("title", "Restricted contact", "amount", 10, "contactId", id));
        assertThat(deal.status()).isEqualTo(409);
        assertThat(deal.raw()).contains("is restricted").contains("Art. 18").doesNotContain(today());
        // nor asked for a consent: asking would be the processing they stopped; the refusal is recorded
        Api.Response ask = marketing.post("/api/v1/persons/" + id + "/consents/requests", null, Map.of("purpose", "email-marketing"));
        assertThat(ask.status()).as(ask.raw()).isEqualTo(403);
        assertThat(auditEntries(id, "DENIED", "attempted=CONSENT; kind=REQUESTED; reason=BASIS_RESTRICTED; since=" + today())).isEqualTo(1);
        // a restricted person is left out of lists read for other purposes
        Api.Response list = sales.get("/api/v1/persons?size=200", "crm");
        assertThat(list.items()).extracting(p -> p.get("id")).doesNotContain(id);

        assertThat(dpo.delete("/api/v1/persons/" + id + "/restriction", null).status()).isEqualTo(200);
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        assertThat(dpo.delete("/api/v1/persons/" + id + "/restriction", null).status()).isEqualTo(409);
        assertThat(auditEntries(id, "RESTRICTION", "kind=RESTRICTED;source=STAFF_IN_PERSON")).isEqualTo(1);
        assertThat(auditEntries(id, "DENIED", "attempted=UPDATE; reason=BASIS_RESTRICTED; since=" + today())).isEqualTo(2);
        // the deal's refusal is one of them, naming the deal it was refused for; no deal was made, nor a link recorded
        assertThat(auditEntries(id, "DENIED", "reason=BASIS_RESTRICTED; since=" + today() + "; record=deal ")).isEqualTo(1);
        assertThat(auditEntries(id, "UPDATE", "record=deal ")).isZero();
    }

    /** A material change of a consent purpose (a new fingerprint) suspends its consents until each person renews. */
    @Test
    void aMaterialChangeOfTheConsentPurposeSuspendsItsConsentsUntilRenewed() {
        String id = newPerson();
        assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "given")).status()).isEqualTo(201);
        assertThat(purposeChanges.review()).as("no change, nothing marked").isZero();
        // the register on record said something else for email marketing: as after an edit of the data map
        jdbc.sql("UPDATE consent_purpose_version SET sha256 = 'before-the-change' WHERE purpose = 'email-marketing'").update();
        assertThat(purposeChanges.review()).isPositive();
        assertThat(purposeChanges.review()).as("marked once").isZero();

        Api.Response refused = marketing.get("/api/v1/persons/" + id, "email-marketing");
        assertThat(refused.get("reason")).isEqualTo("CONSENT_RENEWAL_NEEDED");
        assertThat((String) refused.get("detail")).contains("awaits renewal");
        Map<String, Object> marked = ((List<Map<String, Object>>) marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").get("history")).getLast();
        assertThat(marked).containsEntry("kind", "RENEWAL_NEEDED").containsEntry("source", "SYSTEM").containsEntry("dpvStatus", "dpv:ConsentInvalidated");

        assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "renewed")).status()).isEqualTo(201);
        assertThat(marketing.get("/api/v1/persons/" + id, "email-marketing").status()).isEqualTo(200);
    }

    /** CCPA §7025: the signal relayed through the API opts the person out once; its absence later is not an opt-in. */
    @Test
    void aGlobalPrivacyControlSignalRelayedThroughTheApiOptsThePersonOut() throws Exception {
        String id = newPerson();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String token = Staff.tokenFor(accounts, Role.SALES);
        for (int call = 0; call < 2; call++) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/persons/" + id))
                    .header("Authorization", "Bearer " + token).header("X-Purpose", "crm").header("Sec-GPC", "1").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        Api.Response consents = marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing");
        assertThat(consents.get("optedOutOfSaleSince")).isNotNull();
        assertThat((List<Map<String, Object>>) consents.get("history")).extracting(e -> e.get("kind") + "/" + e.get("source"))
                .containsExactly("OPTED_OUT_OF_SALE/GPC");
    }

    /**
     * CCPA §7027: once a person limits the use of their sensitive information, purposes §7027(m) does not permit
     * (prospecting rests on legitimate interest) read them without it; the contract purpose still sees it.
     */
    @Test
    void aLimitOnSensitiveInformationLeavesItOutOfPurposesTheLawNoLongerPermits() {
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Inès", "lastName", "Sensible" + u,
                "emails", List.of("ines." + u + "@exemple.fr"), "jurisdiction", "US_CA", "jobTitle", "Architecte",
                "notes", "Suivie pour un diabète, rappeler en mars", "tags", List.of("salon")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = (String) created.get("id");
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "CALL", "summary", "Hospitalisée la semaine passée"))
                .status()).isEqualTo(201);
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", id, "kind", "CALL", "summary", "Devis envoyé")).status())
                .isEqualTo(201);
        assertThat(sales.get("/api/v1/persons/" + id, "prospecting").get("notes")).isNotNull();

        // taken on the phone by any member of staff: no verification
        Api.Response limit = support.put("/api/v1/persons/" + id + "/sensitive-limit", null, Map.of("source", "staff_phone"));
        assertThat(limit.status()).as(limit.raw()).isEqualTo(201);
        assertThat(support.put("/api/v1/persons/" + id + "/sensitive-limit", null, Map.of()).status()).isEqualTo(200);

        Api.Response prospecting = sales.get("/api/v1/persons/" + id, "prospecting");
        assertThat(prospecting.status()).isEqualTo(200);
        assertThat(prospecting.body()).doesNotContainKey("notes").containsEntry("jobTitle", "Architecte");
        assertThat((List<String>) prospecting.get("limitedSensitive")).containsExactly("notes");
        assertThat((List<String>) prospecting.get("flags")).noneMatch(f -> f.startsWith("SPECIAL_CATEGORY"));
        assertThat(prospecting.raw()).doesNotContain("diabète");
        assertThat(auditEntries(id, "READ", "limited-sensitive=notes")).isEqualTo(1);
        // the interaction revealing health is left out too; the other one is not
        List<Map<String, Object>> calls = sales.get("/api/v1/persons/" + id + "/interactions", "prospecting").items();
        assertThat(calls).extracting(c -> c.get("summary")).containsExactlyInAnyOrder("Devis envoyé", null);
        // the contract purpose performs what the person expects (§7027(m)(1)): it still sees everything
        assertThat(sales.get("/api/v1/persons/" + id, "crm").get("notes")).isEqualTo("Suivie pour un diabète, rappeler en mars");

        assertThat(marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").get("limitedSensitiveSince")).isNotNull();
        // opting out of sale the same way
        assertThat(sales.put("/api/v1/persons/" + id + "/sale-opt-out", null, Map.of()).status()).isEqualTo(201);
        assertThat(marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").get("optedOutOfSaleSince")).isNotNull();
        assertThat(sales.put("/api/v1/persons/" + id + "/sensitive-limit", null, Map.of("source", "gpc")).status()).isEqualTo(400);
        assertThat(sales.put("/api/v1/persons/" + UUID.randomUUID() + "/sensitive-limit", null, Map.of()).status()).isEqualTo(404);
    }

    @Autowired
    io.custodia.access.PersonalDataGateway gateway;

    /** A double click, or two staff at once: choices about one person are recorded one after the other, none lost. */
    @Test
    void concurrentChoicesAboutOnePersonAreAllRecorded() throws Exception {
        String id = newPerson();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String status = i % 2 == 0 ? "given" : "withdrawn";
                String channel = i % 4 < 2 ? "email" : "sms";
                calls.add(pool.submit(() -> marketing.post("/api/v1/persons/" + id + "/consents", null,
                        Map.of("purpose", "email-marketing", "channel", channel, "status", status)).status()));
            }
            for (var call : calls) assertThat(call.get()).isEqualTo(201);
        } finally {
            pool.shutdown();
        }
        assertThat((List<?>) marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").get("history")).hasSize(16);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_channel WHERE subject_id = ?").param(UUID.fromString(id)).query(Long.class).single())
                .isEqualTo(2);
    }

    /** A person acting for themself (the privacy centre) reaches their own record under a self-service purpose, and no other. */
    @Test
    void aPersonActingForThemselfReachesTheirOwnRecordOnly() {
        var a = io.custodia.shared.SubjectId.of(newPerson());
        var b = io.custodia.shared.SubjectId.of(newPerson());
        var asA = new io.custodia.access.AccessRequest(DoubleOptIn.subjectActor(a), DoubleOptIn.PURPOSE);
        assertThat(gateway.readPerson(asA, a)).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.readPerson(asA, b))
                .isInstanceOf(io.custodia.policy.PurposeRefusedException.class).hasMessageContaining("own record");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.readPersons(asA, List.of(a, b)))
                .isInstanceOf(io.custodia.policy.PurposeRefusedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.deleteInteraction(asA, b, UUID.randomUUID()))
                .isInstanceOfAny(io.custodia.policy.PurposeRefusedException.class, io.custodia.policy.FieldRefusedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.findByEmail(asA, "x@exemple.fr"))
                .isInstanceOf(io.custodia.policy.PurposeRefusedException.class);
        // and staff do not read through it: it is the DPO's and the person's
        assertThat(marketing.get("/api/v1/persons/" + a.value(), "consent-management").status()).isEqualTo(403);
    }

    @Test
    void readingAPersonsChoicesNamesItsPurposeAndIsAudited() {
        String id = newPerson();
        Api.Response none = marketing.get("/api/v1/persons/" + id + "/consents", null);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.get("title")).isEqualTo("Purpose required");
        assertThat(marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").status()).isEqualTo(200);
        assertThat(auditEntries(id, "READ", "record=consents")).isEqualTo(1);
        // evidence only Custodia itself records cannot be claimed by a caller
        Api.Response forged = marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "given", "source", "email_link"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) forged.get("errors")).extracting(e -> e.get("field")).containsExactly("source");
    }

    @Test
    void badChoicesAreRefusedFieldByFieldAndWriteNothing() {
        String id = newPerson();
        Api.Response bad = marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "status", "maybe", "channel", "pigeon", "colour", "blue", "source", "fax"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) bad.get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("colour", "status", "channel", "source");

        // a text no field takes, wherever it is: refused by its field's path, the text not repeated, nothing recorded
        for (String unsafe : List.of("Moz\\u0000", "Moz\\u0007", "Moz\\ud800", "Moz\\u202e", "Moz\\u0085")) {
            Api.Response refused = marketing.sendRaw("POST", "/api/v1/persons/" + id + "/consents", null,
                    "{\"purpose\": \"email-marketing\", \"status\": \"given\", \"channel\": \"email\", \"userAgent\": \"" + unsafe + "\"}",
                    "application/json");
            assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
            assertThat((List<Map<String, Object>>) refused.get("errors")).extracting(e -> e.get("field")).containsExactly("userAgent");
            assertThat(refused.raw()).doesNotContain("Moz");
        }
        // a key that is no field name (an address typed where a name goes) is not repeated in the answer
        Api.Response oddKey = marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "status", "given", "channel", "email", "jean.dupont@secret.example", 1));
        assertThat(oddKey.status()).isEqualTo(400);
        assertThat(oddKey.raw()).doesNotContain("jean.dupont").contains("not repeated");

        Api.Response noChannel = marketing.post("/api/v1/persons/" + id + "/consents", null, Map.of("purpose", "email-marketing", "status", "given"));
        assertThat(noChannel.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) noChannel.get("errors")).extracting(e -> e.get("field")).containsExactly("channel");

        Api.Response contract = dpo.post("/api/v1/persons/" + id + "/consents", null, Map.of("purpose", "crm", "status", "given", "channel", "email"));
        assertThat(contract.status()).isEqualTo(400);
        assertThat((String) contract.get("detail")).contains("rests on contract, not on consent").contains("email-marketing");

        Api.Response objection = support.post("/api/v1/persons/" + id + "/objections", null, Map.of("purpose", "accounting"));
        assertThat(objection.status()).isEqualTo(400);
        assertThat((String) objection.get("detail")).contains("legal-obligation").contains("Art. 21");

        // giving a consent for a purpose takes a role granted it (or the DPO)
        Api.Response notGranted = sales.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "status", "given", "channel", "email"));
        assertThat(notGranted.status()).isEqualTo(403);

        String nobody = UUID.randomUUID().toString();
        assertThat(marketing.post("/api/v1/persons/" + nobody + "/consents", null,
                Map.of("purpose", "email-marketing", "status", "given", "channel", "email")).status()).isEqualTo(404);
        assertThat(marketing.post("/api/v1/persons/not-an-id/consents", null,
                Map.of("purpose", "email-marketing", "status", "given", "channel", "email")).status()).isEqualTo(400);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_event WHERE subject_id = ?").param(UUID.fromString(id)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM basis_state WHERE subject_id = ?").param(UUID.fromString(id)).query(Long.class).single()).isZero();
        assertThat(auditEntries(id, "CONSENT", "kind=")).isZero();
    }

    @Test
    void erasingAPersonRemovesTheirChoices() {
        String id = newPerson();
        assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "status", "given", "channel", "email")).status()).isEqualTo(201);
        assertThat(dpo.put("/api/v1/persons/" + id + "/restriction", null, Map.of()).status()).isEqualTo(201);
        Api.Response erased = dpo.delete("/api/v1/persons/" + id, "data-subject-rights");
        assertThat(erased.status()).as(erased.raw()).isEqualTo(204);
        for (String table : List.of("consent_event", "consent_channel", "basis_state")) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE subject_id = ?").param(UUID.fromString(id)).query(Long.class).single())
                    .as(table).isZero();
        }
        assertThat(marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").status()).isEqualTo(404);
    }
}
