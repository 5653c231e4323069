package io.custodia.outreach;

import org.assertj.core.groups.Tuple;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.datamap.Purpose;
import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.policy.AccessPolicy;
import io.custodia.policy.BasisRefusal;
import io.custodia.policy.BasisState;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Audiences as a marketer meets them through the API: the filters, and always the law on top, with the
 * count of persons it removes and why; the suppression list. Run on H2 and on PostgreSQL.
 */
@SuppressWarnings("unchecked")
// the default register, with email marketing also covering the organisation: the tests isolate their persons by it
@org.springframework.test.context.TestPropertySource(properties = "custodia.data-map=classpath:datamap/organisation-newsletters-datamap.yml")
abstract class OutreachApiTests {

    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccessPolicy policy;
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

    private String organisation() {
        Api.Response created = sales.post("/api/v1/organisations", null, Map.of("name", "Atelier " + UUID.randomUUID().toString().substring(0, 6)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return (String) created.get("id");
    }

    private String person(String organisation, String email) {
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Alix", "lastName", "Public",
                "emails", List.of(email), "organisationId", organisation));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return (String) created.get("id");
    }

    private void consent(String id, String status) {
        assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", status)).status()).isEqualTo(201);
    }

    private Api.Response preview(Api as, Map<String, Object> body) {
        return as.post("/api/v1/audiences/preview", null, body);
    }

    @Test
    void theLawRemovesFromAnAudienceAndSaysHowManyAndWhy() {
        String org = organisation();
        String u = UUID.randomUUID().toString().substring(0, 6);
        String given = person(org, "given." + u + "@exemple.fr");
        String withdrawn = person(org, "withdrawn." + u + "@exemple.fr");
        person(org, "never." + u + "@exemple.fr");
        String objected = person(org, "objected." + u + "@exemple.fr");
        String restricted = person(org, "restricted." + u + "@exemple.fr");
        String suppressed = person(org, "Suppressed." + u + "@Exemple.fr");
        consent(given, "given");
        consent(withdrawn, "given");
        consent(withdrawn, "withdrawn");
        consent(objected, "given");
        assertThat(support.post("/api/v1/persons/" + objected + "/objections", null, Map.of("purpose", "prospecting")).status()).isEqualTo(201);
        consent(restricted, "given");
        assertThat(dpo.put("/api/v1/persons/" + restricted + "/restriction", null, Map.of()).status()).isEqualTo(201);
        consent(suppressed, "given");
        // a complaint about the address, written another way: the same address for the blind index
        Api.Response added = marketing.post("/api/v1/suppressions", null, Map.of("email", " suppressed." + u + "@exemple.FR", "reason", "complaint"));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertThat(added.raw()).doesNotContain("exemple");
        assertThat(marketing.post("/api/v1/suppressions", null, Map.of("email", "suppressed." + u + "@exemple.fr", "reason", "bounce")).status())
                .isEqualTo(200);

        Api.Response mailing = preview(marketing, Map.of("purpose", "email-marketing", "organisationId", org));
        assertThat(mailing.status()).as(mailing.raw()).isEqualTo(200);
        assertThat(mailing.body()).containsEntry("matched", 6).containsEntry("eligible", 1).containsEntry("removedByLaw", 5);
        assertThat((Map<String, Object>) mailing.get("removed")).containsOnly(Map.entry("CONSENT_MISSING", 1), Map.entry("CONSENT_WITHDRAWN", 1),
                Map.entry("OBJECTED", 1), Map.entry("RESTRICTED", 1), Map.entry("SUPPRESSED", 1));

        // B2B prospecting rests on legitimate interest: no consent needed, objections and restriction still apply
        Api.Response prospecting = preview(sales, Map.of("purpose", "prospecting", "organisationId", org));
        assertThat(prospecting.body()).containsEntry("matched", 6).containsEntry("eligible", 3);
        assertThat((Map<String, Object>) prospecting.get("removed")).containsOnly(Map.entry("OBJECTED", 1), Map.entry("RESTRICTED", 1),
                Map.entry("SUPPRESSED", 1));

        // the count is on record, counts only
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'SEARCH' AND detail LIKE '%kind=audience; results=6; eligible=1%'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void filtersByDealStageAndLastContact() {
        String org = organisation();
        String u = UUID.randomUUID().toString().substring(0, 6);
        String proposal = person(org, "proposal." + u + "@exemple.fr");
        String called = person(org, "called." + u + "@exemple.fr");
        person(org, "quiet." + u + "@exemple.fr");
        assertThat(sales.post("/api/v1/deals", null, Map.of("title", "Licences " + u, "amount", 1200, "currency", "EUR", "stage", "PROPOSAL",
                "contactId", proposal, "organisationId", org)).status()).isEqualTo(201);
        // the call and "today" from one instant: an hour earlier was yesterday between midnight and one (UTC)
        OffsetDateTime callAt = OffsetDateTime.now(ZoneOffset.UTC);
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", called, "kind", "CALL", "occurredAt",
                callAt.toString(), "summary", "Rappel")).status()).isEqualTo(201);

        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "stages", List.of("proposal"))).get("matched")).isEqualTo(1);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "stages", List.of("WON"))).get("matched")).isEqualTo(0);
        String today = callAt.toLocalDate().toString();
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "lastContactAfter", today)).get("matched")).isEqualTo(1);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "lastContactBefore", today)).get("matched")).isEqualTo(2);
    }

    @Test
    void filtersByLanguageJurisdictionAndTagThroughKeyedIndexesOnly() {
        String org = organisation();
        String u = UUID.randomUUID().toString().substring(0, 6);
        String fr = created(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Lou", "emails", List.of("lou." + u + "@exemple.fr"),
                "organisationId", org, "language", "fr", "jurisdiction", "EU", "tags", List.of("VIP", "salon-2026"))));
        created(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Sam", "emails", List.of("sam." + u + "@example.com"),
                "organisationId", org, "language", "en", "jurisdiction", "US_CA", "tags", List.of("salon-2026"))));
        created(sales.post("/api/v1/persons", "crm", Map.of("firstName", "Noa", "emails", List.of("noa." + u + "@example.com"),
                "organisationId", org)));

        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "languages", List.of("FR"))).get("matched")).isEqualTo(1);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "languages", List.of("fr", "en"))).get("matched"))
                .isEqualTo(2);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "jurisdictions", List.of("us_ca"))).get("matched"))
                .isEqualTo(1);
        // tags match case-insensitively, any of those given
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "tags", List.of("vip"))).get("matched")).isEqualTo(1);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "tags", List.of("Salon-2026", "vip"))).get("matched"))
                .isEqualTo(2);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "tags", List.of("vip"), "jurisdictions", List.of("US_CA")))
                .get("matched")).isEqualTo(0);
        // a changed tag moves the person: the index follows the write
        assertThat(sales.patch("/api/v1/persons/" + fr, "crm", Map.of("tags", List.of("ancien-client"))).status()).isEqualTo(200);
        assertThat(preview(sales, Map.of("purpose", "prospecting", "organisationId", org, "tags", List.of("vip"))).get("matched")).isEqualTo(0);
        // the index holds keyed digests, never the tag
        assertThat(jdbc.sql("SELECT COUNT(*) FROM blind_index WHERE kind = 'v:tags' AND subject_id = ?").param(UUID.fromString(fr))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM blind_index WHERE digest LIKE '%ancien%' OR digest LIKE '%salon%'").query(Long.class).single())
                .isZero();

        // selecting people by a field uses it: email marketing does not cover tags, so it may not filter on them
        Api.Response outside = preview(marketing, Map.of("purpose", "email-marketing", "organisationId", org, "tags", List.of("vip")));
        assertThat(outside.status()).as(outside.raw()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) outside.get("errors")).extracting(e -> e.get("field"), e -> e.get("code"))
                .containsExactly(Tuple.tuple("tags", "outside-purpose"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'SEARCH' AND outcome = 'DENIED' AND detail LIKE '%filter outside purpose: [tags]%'")
                .query(Long.class).single()).isEqualTo(1);
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        return (String) response.get("id");
    }

    @Test
    void badAudiencesAreRefusedFieldByField() {
        Api.Response bad = preview(marketing, Map.of("purpose", "email-marketing", "stages", List.of("someday"), "lastContactAfter", "yesterday",
                "organisationId", "nope", "colour", "blue"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) bad.get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("colour", "stages", "lastContactAfter", "organisationId");
        Api.Response badValues = preview(sales, Map.of("purpose", "prospecting", "languages", List.of("french"), "jurisdictions", List.of("MARS"),
                "tags", List.of("no/slash"), "stages", "PROPOSAL"));
        assertThat(badValues.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) badValues.get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("languages", "jurisdictions", "tags", "stages");
        assertThat(badValues.raw()).doesNotContain("no/slash");
        assertThat(preview(marketing, Map.of()).status()).isEqualTo(400);
        long deniedBefore = deniedAudiences();
        Api.Response notGranted = preview(marketing, Map.of("purpose", "prospecting"));
        assertThat(notGranted.status()).isEqualTo(403);
        // the refusal is evidence too; a purpose the data map does not know is not copied into the ledger
        assertThat(deniedAudiences()).isEqualTo(deniedBefore + 1);
        // a purpose the data map does not know is a bad request
        assertThat(preview(marketing, Map.of("purpose", "jeanne-dupont")).status()).isEqualTo(400);
        assertThat(deniedAudiences()).isEqualTo(deniedBefore + 2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE detail LIKE '%jeanne%' OR purpose LIKE '%jeanne%'").query(Long.class).single()).isZero();
        assertThat(preview(Staff.apiFor(accounts, port, Role.ANALYST), Map.of("purpose", "analytics")).status()).isEqualTo(403);
        assertThat(marketing.post("/api/v1/suppressions", null, Map.of("email", "not an address", "reason", "bounce")).status()).isEqualTo(400);
        assertThat(marketing.post("/api/v1/suppressions", null, Map.of("email", "a@b.fr", "reason", "because")).status()).isEqualTo(400);
        // one address, as a person's record takes it: not two, not a header after a line break, not a bare domain
        for (String email : List.of("@@@", "a@b", "two words@example.fr", "a@example.fr\r\nBcc: x@y.z")) {
            Api.Response refused = marketing.post("/api/v1/suppressions", null, Map.of("email", email, "reason", "OTHER"));
            assertThat(refused.status()).as(email).isEqualTo(400);
            assertThat(refused.raw()).contains("must be one email address").doesNotContain("Bcc");
        }
        // a campaign's name and subjects are one line each (a subject is a mail header); its unknown fields list its own
        Api.Response unknown = marketing.post("/api/v1/campaigns", null, Map.of("purpose", "email-marketing", "name", "n", "colour", "blue"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.raw()).contains("colour").contains("subject").contains("body").contains("name");
        Api.Response header = marketing.post("/api/v1/campaigns", null, Map.of("purpose", "email-marketing", "name", "a\nb",
                "subject", Map.of("en", "Hi\r\nBcc: x@y.z", "fr", "Salut"), "body", Map.of("en", "Line 1\nLine 2", "fr", "Ligne")));
        assertThat(header.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) header.get("errors")).extracting(e -> e.get("field")).containsExactlyInAnyOrder("name", "subject.en");
        // a text in a language campaigns are not written in, or that is not text, is said rather than left out
        Api.Response languages = marketing.post("/api/v1/campaigns", null, Map.of("purpose", "email-marketing", "name", "n",
                "subject", Map.of("en", 5, "fr", "Salut", "de", "Hallo"), "body", Map.of("en", "Hello", "fr", "Bonjour")));
        assertThat(languages.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) languages.get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("subject.en", "subject.de");
        // a placeholder other than {firstName}, or one left unclosed, would reach every person as written: refused
        Api.Response placeholders = marketing.post("/api/v1/campaigns", null, Map.of("purpose", "email-marketing", "name", "n",
                "subject", Map.of("en", "Hi {firstName}", "fr", "Salut {lastName}"), "body", Map.of("en", "Hello {firstName", "fr", "Bonjour {firstName}")));
        assertThat(placeholders.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) placeholders.get("errors")).extracting(e -> e.get("field")).containsExactlyInAnyOrder("subject.fr", "body.en");
        // a text past its limit is refused naming its field and the limit
        Api.Response tooLong = marketing.post("/api/v1/campaigns", null, Map.of("purpose", "email-marketing", "name", "n",
                "subject", Map.of("en", "Hi", "fr", "Salut"), "body", Map.of("en", "x".repeat(1_000_000), "fr", "Bonjour")));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) tooLong.get("errors")).extracting(e -> e.get("field")).containsExactly("body.en");
        // a language code no person's record may hold matches no one: refused, as the person's own field refuses it
        assertThat(preview(marketing, Map.of("purpose", "email-marketing", "languages", List.of("zz"))).status()).isEqualTo(400);
        // the X-Purpose header, when sent, names the body's purpose: an audience is counted for one purpose
        Api.Response mismatch = marketing.post("/api/v1/audiences/preview", "crm", Map.of("purpose", "email-marketing"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) mismatch.get("errors")).extracting(e -> e.get("code")).containsExactly("purpose-mismatch");
        assertThat(marketing.post("/api/v1/audiences/preview", "email-marketing", Map.of("purpose", "email-marketing")).status()).isEqualTo(200);
        Api.Response campaignMismatch = marketing.post("/api/v1/campaigns", "prospecting", Map.of("purpose", "email-marketing", "name", "n",
                "subject", Map.of("en", "Hi", "fr", "Salut"), "body", Map.of("en", "Hello", "fr", "Bonjour")));
        assertThat(campaignMismatch.status()).isEqualTo(400);
    }

    private long deniedAudiences() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'DENIED' AND detail LIKE '%attempted=SEARCH; kind=audience; reason=PURPOSE_%'")
                .query(Long.class).single();
    }

    @Autowired
    Audiences audiences;

    /**
     * Counting by reason (on PostgreSQL: only the persons with a state, a restriction, an opt-out or a suppressed
     * address are visited) gives what visiting every person gives, for every purpose, with and without filters.
     */
    @Test
    void countingAnAudienceAgreesWithVisitingEveryone() {
        String org = organisation();
        String u = UUID.randomUUID().toString().substring(0, 6);
        String given = person(org, "c-given." + u + "@exemple.fr");
        consent(given, "given");
        String withdrawn = person(org, "c-withdrawn." + u + "@exemple.fr");
        consent(withdrawn, "given");
        consent(withdrawn, "withdrawn");
        String restricted = person(org, "c-restricted." + u + "@exemple.fr");
        assertThat(dpo.put("/api/v1/persons/" + restricted + "/restriction", null, Map.of()).status()).isEqualTo(201);
        String optedOut = person(org, "c-optout." + u + "@exemple.fr");
        assertThat(sales.put("/api/v1/persons/" + optedOut + "/sale-opt-out", null, Map.of()).status()).isIn(200, 201);
        String objected = person(org, "c-objected." + u + "@exemple.fr");
        assertThat(support.post("/api/v1/persons/" + objected + "/objections", null, Map.of("purpose", "prospecting")).status()).isEqualTo(201);
        person(org, "c-suppressed." + u + "@exemple.fr");
        assertThat(marketing.post("/api/v1/suppressions", null, Map.of("email", "c-suppressed." + u + "@exemple.fr", "reason", "bounce")).status())
                .isEqualTo(201);
        person(org, "c-nothing." + u + "@exemple.fr");
        int compared = 0;
        for (Purpose purpose : purposes()) {
            if (purpose.aggregateOnly()) continue;
            for (AudienceFilter filter : List.of(new AudienceFilter(purpose.id(), java.util.Set.of(), null, null, null),
                    new AudienceFilter(purpose.id(), java.util.Set.of(), UUID.fromString(org), null, null))) {
                var visited = audiences.audience(purpose, filter);
                Map<String, Long> everyone = new java.util.TreeMap<>();
                jdbc.sql("SELECT reason, COUNT(*) FROM (" + visited.sql() + ") a GROUP BY reason").params(visited.params())
                        .query(rs -> {
                            everyone.put(rs.getString(1), rs.getLong(2));
                        });
                assertThat(audiences.counts(purpose, filter)).as("%s, %s", purpose.id(), filter).isEqualTo(everyone);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    /** The audience's SQL and the per-read decision are one set of rules: equal for every purpose and every state. */
    @Test
    void theAudienceSqlDecidesLikeThePolicyForEveryPurposeAndState() {
        Instant day = Instant.parse("2026-03-02T10:00:00Z");
        List<String> statuses = new ArrayList<>(Arrays.asList(null, "CONSENT_GIVEN", "CONSENT_WITHDRAWN", "CONSENT_REFUSED", "CONSENT_EXPIRED",
                "CONSENT_RENEWAL_NEEDED", "OBJECTED"));
        int checked = 0;
        for (Purpose purpose : purposes()) {
            String sql = "SELECT " + policy.basisReasonSql(purpose, "t.s", "t.r", "t.o") + " FROM (SELECT CAST(:s AS VARCHAR(24)) AS s,"
                    + " CAST(:r AS TIMESTAMP WITH TIME ZONE) AS r, CAST(:o AS TIMESTAMP WITH TIME ZONE) AS o) t";
            for (String status : statuses) {
                for (boolean restricted : new boolean[] {false, true}) {
                    for (boolean optedOut : new boolean[] {false, true}) {
                        BasisState state = new BasisState(status, status == null ? null : day, restricted ? day : null, optedOut ? day : null);
                        BasisRefusal refusal = policy.decideBasis(purpose, state);
                        Map<String, Object> params = new HashMap<>();
                        params.put("s", status);
                        params.put("r", restricted ? OffsetDateTime.ofInstant(day, ZoneOffset.UTC) : null);
                        params.put("o", optedOut ? OffsetDateTime.ofInstant(day, ZoneOffset.UTC) : null);
                        String fromSql = jdbc.sql(sql).params(params).query((rs, n) -> rs.getString(1)).list().getFirst();
                        assertThat(fromSql).as("%s %s", purpose.id(), state).isEqualTo(refusal == null ? null : refusal.reason());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Autowired
    io.custodia.datamap.DataMap dataMap;

    private List<Purpose> purposes() {
        // the register's purposes, and each again as if it sold or shared data (CCPA), so every branch is drawn
        List<Purpose> all = new ArrayList<>(dataMap.purposes().values());
        for (Purpose p : dataMap.purposes().values()) {
            all.add(new Purpose(p.id(), p.name(), p.description(), p.dpvPurpose(), p.legalBasis(), p.explicitConsent(), p.subjects(), p.fields(),
                    p.retention(), p.recipients(), p.roles(), p.aggregateOnly(), p.selfService(), true));
        }
        return all;
    }
}
