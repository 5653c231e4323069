package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.custodia.access.AccessRequest;
import io.custodia.identity.AccountService;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.identity.StaffPrincipal;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.rights.RequestChannel;
import io.custodia.rights.RequestType;
import io.custodia.rights.RightsRequests;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;

/** The DPO's queue and a request's page: deadlines in colour, the acts, and bad input shown again. */
@AutoConfigureMockMvc
abstract class RightsPagesTests {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final com.icegreen.greenmail.junit5.GreenMailExtension SMTP =
            new com.icegreen.greenmail.junit5.GreenMailExtension(com.icegreen.greenmail.util.ServerSetupTest.SMTP);
    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;
    @Autowired
    PersonService persons;
    @Autowired
    RightsRequests requests;
    @Autowired
    JdbcClient jdbc;

    private UsernamePasswordAuthenticationToken staff(Role role) {
        return io.custodia.support.Staff.session(accounts, role);
    }

    /** The actor behind a staff session, for calls to the services. */
    private static Actor asStaff(UsernamePasswordAuthenticationToken session) {
        return Actor.staff(((StaffPrincipal) session.getPrincipal()).id().toString(), Set.of(Role.DPO));
    }

    /** A new person with this first name and an address of their own, created under crm. */
    private io.custodia.people.Person personNamed(String firstName) {
        return persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), PersonInput.fromJson(Map.of("firstName", firstName,
                "emails", List.of(firstName.toLowerCase(java.util.Locale.ROOT) + "." + UUID.randomUUID().toString().substring(0, 6) + "@exemple.fr")), 0));
    }

    /** A person with a last name too, and an address at exemple.fr made from the first name. */
    private io.custodia.people.Person personNamed(String firstName, String lastName) {
        return persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), PersonInput.fromJson(Map.of("firstName", firstName,
                "lastName", lastName, "emails", List.of(firstName.toLowerCase(java.util.Locale.ROOT) + "." + UUID.randomUUID().toString().substring(0, 6)
                        + "@exemple.fr")), 0));
    }

    @Test
    void theDpoSeesDeadlinesInColourAndAnswersARequest() throws Exception {
        var dpo = staff(Role.DPO);
        var asDpo = asStaff(dpo);
        var person = personNamed("Yann");
        UUID late = requests.enter(asDpo, RequestType.RESTRICTION, person.id(), RequestChannel.STAFF_LETTER, "en");
        jdbc.sql("UPDATE rights_request SET due_on = ? WHERE id = ?").params(LocalDate.now().minusDays(3), late).update();

        String queue = mvc.perform(get("/rights").with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(queue).contains("id=\"rights-queue\"").contains("data-urgency=\"overdue\"").contains("id=\"overdue-alert\"")
                .contains("days late").doesNotContain("??");

        String page = mvc.perform(get("/rights/" + late).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Restrict the use of my data").contains("id=\"fulfil\"").contains("id=\"answer-form\"").doesNotContain("??");
        // who it is about, by name (a read under the rights purpose, recorded)
        assertThat(page).containsPattern("id=\"request-persons\">\\s*<a class=\"stacked\" href=\"/persons/" + person.id().value() + "\">Yann</a>");
        // a refusal without its reason is shown again, with the message; nothing changes
        var refused = mvc.perform(post("/rights/" + late + "/answer").with(authentication(dpo)).with(csrf()).param("outcome", "DENIED"))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).contains("field-error").contains("id=\"answer-form\"")
                // the outcome chosen stays chosen: sent again with the reason, it is still the refusal
                .containsPattern("<option value=\"DENIED\"[^>]*selected");
        // an outcome that is none of the three (a hand-edited form) is said next to the outcome
        var noSuchOutcome = mvc.perform(post("/rights/" + late + "/answer").with(authentication(dpo)).with(csrf()).param("outcome", "MAYBE"))
                .andReturn().getResponse();
        assertThat(noSuchOutcome.getStatus()).isEqualTo(400);
        assertThat(noSuchOutcome.getContentAsString()).contains("Choose an outcome: complied, partly or denied.");
        var done = mvc.perform(post("/rights/" + late + "/fulfil").with(authentication(dpo)).with(csrf())).andReturn().getResponse();
        assertThat(done.getRedirectedUrl()).isEqualTo("/rights/" + late);
        String fulfilled = mvc.perform(get("/rights/" + late).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(fulfilled).contains("id=\"request-outcome\"").contains("Complied with").doesNotContain("id=\"fulfil\"");
        // restricted now: the person's page under the consent purpose offers no "ask to confirm by email" (it would be refused)
        String choices = mvc.perform(get("/persons/" + person.id().value()).with(authentication(dpo))
                .sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "consent-management")).andReturn().getResponse().getContentAsString();
        assertThat(choices).contains("Processing restricted").doesNotContain("/consents/request\"");
        assertThat(mvc.perform(get("/persons/" + personNamed("Libre").id().value()).with(authentication(dpo)).sessionAttr(
                AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "consent-management")).andReturn().getResponse().getContentAsString())
                .as("offered for a person who is not restricted").contains("/consents/request\"");
        // a restriction is passed on to the recipients that held the data; hosting has no webhook here: told by hand
        assertThat(fulfilled).contains("id=\"recipient-notices\"").contains("data-recipient=\"hosting\"").contains("data-status=\"MANUAL\"")
                .contains(">Hosting provider (processor, EU)</td>");
        assertThat(mvc.perform(get("/rights/" + late).header("Accept-Language", "fr").with(authentication(dpo))).andReturn().getResponse()
                .getContentAsString()).contains("RGPD art. 12(3)").contains(">Hébergeur (sous-traitant, UE)</td>")
                // the history's notes in the page's language, the request's type and channel by their names
                .contains("1 personne trouvée").contains("identifiée par l’équipe").doesNotContain("through STAFF_LETTER");
        UUID notice = jdbc.sql("SELECT id FROM recipient_notice WHERE request_id = ?").param(late).query(UUID.class).single();
        // a notice that is not this request's is not there: nothing is marked
        assertThat(mvc.perform(post("/rights/" + late + "/notices/" + UUID.randomUUID() + "/sent").with(authentication(dpo)).with(csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        mvc.perform(post("/rights/" + late + "/notices/" + notice + "/sent").with(authentication(dpo)).with(csrf()));
        assertThat(mvc.perform(get("/rights/" + late).with(authentication(dpo))).andReturn().getResponse().getContentAsString())
                .contains("data-status=\"DELIVERED\"");
        // the year's figures, on the page and as CSV
        UUID optOut = requests.enter(asDpo, RequestType.OPT_OUT_OF_SALE, person.id(), RequestChannel.STAFF_PHONE, "en");
        assertThat(optOut).isNotNull();
        String report = mvc.perform(get("/rights/report").with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(report).contains("id=\"report-ccpa\"").contains("id=\"report-gdpr\"").doesNotContain("??");
        // each law's table lists the rights it grants, and a request of another type only when one was received
        String ccpaTable = report.substring(report.indexOf("id=\"report-ccpa\""), report.indexOf("id=\"report-gdpr\""));
        assertThat(ccpaTable).contains("data-type=\"OPT_OUT_OF_SALE\"").doesNotContain("data-type=\"RESTRICTION\"");
        assertThat(report.substring(report.indexOf("id=\"report-gdpr\""))).contains("data-type=\"RESTRICTION\"")
                .contains("data-type=\"OPT_OUT_OF_SALE\"");
        var csv = mvc.perform(get("/rights/report.csv").with(authentication(dpo))).andReturn().getResponse();
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getContentAsString()).startsWith("\"year\",\"law\"").contains("\"GDPR\",\"RESTRICTION\",");
        // a year that is not a number is named as such, not called a bad id; one out of range says the range
        var notANumber = mvc.perform(get("/rights/report").param("year", "abc").with(authentication(dpo))).andReturn().getResponse();
        assertThat(notANumber.getStatus()).isEqualTo(400);
        assertThat(notANumber.getContentAsString()).contains("“year” must be a whole number").doesNotContain("an id in it").doesNotContain("abc");
        var outOfRange = mvc.perform(get("/rights/report").param("year", "1999").with(authentication(dpo))).andReturn().getResponse();
        assertThat(outOfRange.getStatus()).isEqualTo(400);
        assertThat(outOfRange.getContentAsString()).contains("a year between 2000 and 2100");
        var badFlag = mvc.perform(get("/rights").param("all", "maybe").with(authentication(dpo))).andReturn().getResponse();
        assertThat(badFlag.getStatus()).isEqualTo(400);
        assertThat(badFlag.getContentAsString()).contains("“all” must be true or false");
        var badId = mvc.perform(get("/rights/not-an-id").with(authentication(dpo))).andReturn().getResponse();
        assertThat(badId.getStatus()).isEqualTo(400);
        assertThat(badId.getContentAsString()).contains("an id in it is not valid");
        // a correction, reviewed beside the current record and applied from the page
        UUID fix = requests.enter(asDpo, RequestType.RECTIFICATION, person.id(), RequestChannel.STAFF_PHONE, "en", "My surname is Le Goff");
        String reads = "SELECT COUNT(*) FROM audit_entry WHERE subject_id = ? AND action = 'READ' AND purpose = 'data-subject-rights'";
        long readsBefore = jdbc.sql(reads).param(person.id().value()).query(Long.class).single();
        String review = mvc.perform(get("/rights/" + fix).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        // the page shows the person's name and current values from one read, recorded once
        assertThat(jdbc.sql(reads).param(person.id().value()).query(Long.class).single()).isEqualTo(readsBefore + 1);
        assertThat(review).contains("id=\"proposal\"").contains("My surname is Le Goff").contains("id=\"rectify-form\"")
                .contains("name=\"firstName\" value=\"Yann\"").doesNotContain("??")
                // the person's language and law are chosen by name, not typed as codes
                .containsPattern("<select id=\"fix-language\" name=\"language\">[\\s\\S]*?>French</option>");
        // a correction refused is said next to the field corrected, not above the page
        var wrong = mvc.perform(post("/rights/" + fix + "/rectify").with(authentication(dpo)).with(csrf()).param("firstName", "Yann")
                .param("emails", "not-an-address")).andReturn().getResponse();
        assertThat(wrong.getStatus()).isEqualTo(400);
        assertThat(wrong.getContentAsString()).containsPattern("id=\"fix-emails\"[^>]*>\\s*<p class=\"field-error\"");
        var applied = mvc.perform(post("/rights/" + fix + "/rectify").with(authentication(dpo)).with(csrf()).param("firstName", "Yann")
                .param("lastName", "Le Goff")).andReturn().getResponse();
        assertThat(applied.getRedirectedUrl()).isEqualTo("/rights/" + fix);
        // restricted since the restriction above: read under the rights purpose (a legal obligation, GDPR Art. 18(2))
        assertThat(persons.get(new AccessRequest(Actor.system(Set.of(Role.DPO)), RightsRequests.PURPOSE), person.id()).orElseThrow().displayName())
                .isEqualTo("Yann Le Goff");
        // the queue is the DPO's
        assertThat(mvc.perform(get("/rights").with(authentication(staff(Role.SALES)))).andReturn().getResponse().getStatus()).isIn(302, 403);
    }

    /** Someone whose roles grant no purpose (an auditor) is offered the ledger, not the CRM's pages that would refuse them. */
    @Test
    void anAuditorIsOfferedTheLedgerNotTheCrmsPages() throws Exception {
        String home = mvc.perform(get("/").with(authentication(staff(Role.AUDITOR)))).andReturn().getResponse().getContentAsString();
        assertThat(home).contains("id=\"no-purpose\"").contains("href=\"/audit\"").doesNotContain("href=\"/persons\"")
                .doesNotContain("href=\"/campaigns\"").doesNotContain("action=\"/persons/search\"").doesNotContain("??");
        String sales = mvc.perform(get("/").with(authentication(staff(Role.SALES)))).andReturn().getResponse().getContentAsString();
        assertThat(sales).contains("href=\"/persons\"").contains("action=\"/persons/search\"").doesNotContain("id=\"no-purpose\"");
    }

    /** The audit viewer's days: one that does not exist, and a range the wrong way round, are each said as such. */
    @Test
    void theAuditViewerSaysWhichDayIsWrong() throws Exception {
        var dpo = staff(Role.DPO);
        var noSuchDay = mvc.perform(get("/audit").param("to", "2026-11-31").with(authentication(dpo))).andReturn().getResponse();
        assertThat(noSuchDay.getStatus()).isEqualTo(400);
        assertThat(noSuchDay.getContentAsString()).contains("This day does not exist in the calendar.");
        var reversed = mvc.perform(get("/audit").param("from", "2026-11-30").param("to", "2026-11-01").with(authentication(dpo))).andReturn()
                .getResponse();
        assertThat(reversed.getStatus()).isEqualTo(400);
        assertThat(reversed.getContentAsString()).contains("The last day comes before the first");
        assertThat(mvc.perform(get("/audit").param("from", "30/11/2026").with(authentication(dpo))).andReturn().getResponse()
                .getContentAsString()).contains("Give a date as YYYY-MM-DD.");
    }

    /** A purpose typed as the viewer names it (in English or French, any case) filters as its id does. */
    @Test
    void theAuditViewerTakesAPurposeByItsName() throws Exception {
        var dpo = staff(Role.DPO);
        io.custodia.people.Person person = personNamed("Nommée");
        for (String typed : List.of("crm", "Customer relationship management", "gestion de la relation client")) {
            String viewer = mvc.perform(get("/audit").param("purpose", typed).param("subject", person.id().toString()).with(authentication(dpo)))
                    .andReturn().getResponse().getContentAsString();
            assertThat(viewer).as(typed).doesNotContain("No entry matches these filters.").contains("name=\"purpose\" value=\"crm\"");
        }
        assertThat(mvc.perform(get("/audit").param("purpose", "Customer relationship").param("subject", person.id().toString())
                .with(authentication(dpo))).andReturn().getResponse().getContentAsString()).contains("No entry matches these filters.");
    }

    /**
     * The viewer's export follows its days: every entry recorded in them (a segment the offline verifier checks
     * with the public key alone), not the whole ledger; days with nothing recorded, or wrong days, are said on the viewer.
     */
    @Test
    void theAuditViewerExportsTheChosenDays() throws Exception {
        var dpo = staff(Role.DPO);
        personNamed("Odile");
        String today = LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String viewer = mvc.perform(get("/audit").param("from", today).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(viewer).contains("href=\"/audit/export?from=" + today + "&amp;to=\"").contains("Export these days (JSON lines)");
        // verifying the whole chain comes back to the viewer as it was filtered
        assertThat(viewer).containsPattern("<input type=\"hidden\" name=\"from\" value=\"" + today + "\"");
        var verified = mvc.perform(post("/audit/verify").param("from", today).param("action", "READ").param("colour", "blue")
                .with(authentication(dpo)).with(csrf())).andReturn();
        assertThat(verified.getResponse().getRedirectedUrl()).isEqualTo("/audit?action=READ&from=" + today);
        assertThat(verified.getFlashMap().get("report")).isNotNull();
        assertThat(mvc.perform(get("/audit").with(authentication(dpo))).andReturn().getResponse().getContentAsString())
                .contains("href=\"/audit/export\"").contains("Export (JSON lines)");

        var exported = mvc.perform(get("/audit/export").param("from", today).param("to", today).with(authentication(dpo))).andReturn().getResponse();
        assertThat(exported.getStatus()).isEqualTo(200);
        assertThat(exported.getContentType()).startsWith("application/x-ndjson");
        List<String> lines = exported.getContentAsString().lines().toList();
        var header = tools.jackson.databind.json.JsonMapper.builder().build().readTree(lines.getFirst());
        long from = header.get("from").asLong();
        long to = header.get("to").asLong();
        long firstToday = jdbc.sql("SELECT MIN(seq) FROM audit_entry WHERE at >= ?")
                .param(java.time.OffsetDateTime.of(LocalDate.parse(today).atStartOfDay(), java.time.ZoneOffset.UTC)).query(Long.class).single();
        assertThat(from).isEqualTo(firstToday);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"entry\"")).count()).isEqualTo(to - from + 1);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"entry\"")).allMatch(l -> l.contains("\"at\":\"" + today))).isTrue();
        String key = mvc.perform(get("/audit/public-key").with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        var report = io.custodia.audit.SegmentVerifier.verify(new java.io.BufferedReader(new java.io.StringReader(exported.getContentAsString())), key);
        assertThat(report.chain().valid()).isTrue();
        assertThat(report.from()).isEqualTo(from);

        var none = mvc.perform(get("/audit/export").param("from", "2001-01-01").param("to", "2001-01-02").with(authentication(dpo))).andReturn();
        assertThat(none.getResponse().getRedirectedUrl()).isEqualTo("/audit?from=2001-01-01&to=2001-01-02");
        assertThat(none.getFlashMap().get("notice")).isEqualTo("audit.export.none-in-days");
        var wrongDay = mvc.perform(get("/audit/export").param("to", "2026-11-31").with(authentication(dpo))).andReturn().getResponse();
        assertThat(wrongDay.getRedirectedUrl()).isEqualTo("/audit?from=&to=2026-11-31");
        // the export is the DPO's and the auditors'
        assertThat(mvc.perform(get("/audit/export").param("from", today).with(authentication(staff(Role.SALES)))).andReturn().getResponse()
                .getStatus()).isIn(302, 403);
    }

    /**
     * Someone with no email address asks by phone for a copy of their data: it cannot be emailed, so the DPO prepares it
     * for a letter, downloads it (recorded), sends it and records the outcome; the request stays open until then.
     */
    @Test
    void aCopyForSomeoneWithoutAnEmailAddressIsPreparedForALetter() throws Exception {
        var dpo = staff(Role.DPO);
        var person = persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"),
                PersonInput.fromJson(Map.of("firstName", "Paulette", "phones", List.of("+33 6 98 76 54 32")), 0));
        UUID access = requests.enter(asStaff(dpo), RequestType.ACCESS, person.id(), RequestChannel.STAFF_PHONE, "fr");
        var refused = mvc.perform(post("/rights/" + access + "/fulfil").with(authentication(dpo)).with(csrf())).andReturn().getResponse();
        assertThat(refused.getContentAsString()).contains("prepare the copy for a letter").contains("id=\"prepare-letter\"");

        var prepared = mvc.perform(post("/rights/" + access + "/letter").with(authentication(dpo)).with(csrf())).andReturn().getResponse();
        assertThat(prepared.getRedirectedUrl()).isEqualTo("/rights/" + access);
        String page = mvc.perform(get("/rights/" + access).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"letter-packages\"").contains("Download the copy").contains("the copy to send by letter can be downloaded until")
                .doesNotContain("??");
        String link = java.util.regex.Pattern.compile("href=\"(/rights/" + access + "/packages/[0-9a-f-]{36})\"").matcher(page).results()
                .map(m -> m.group(1)).findFirst().orElseThrow();
        var zip = mvc.perform(get(link).with(authentication(dpo))).andReturn().getResponse();
        assertThat(zip.getStatus()).isEqualTo(200);
        assertThat(zip.getContentType()).isEqualTo("application/zip");
        assertThat(zip.getContentAsByteArray()).startsWith('P', 'K');
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'EXPORT' AND detail LIKE ?").param("%step=downloaded-by-staff%")
                .query(Long.class).single()).isPositive();
        // a package of another request is not reached through this one
        UUID other = requests.enter(asStaff(dpo), RequestType.ACCESS, person.id(), RequestChannel.STAFF_PHONE, "fr");
        assertThat(mvc.perform(get(link.replace(access.toString(), other.toString())).with(authentication(dpo))).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        // still open until the DPO says the copy went out; the sales team cannot download it
        assertThat(requests.get(access).status().open()).isTrue();
        assertThat(mvc.perform(get(link).with(authentication(staff(Role.SALES)))).andReturn().getResponse().getStatus()).isIn(302, 403);
        String fr = mvc.perform(get("/rights/" + access).param("lang", "fr").with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(fr).contains("Préparer la copie à envoyer par courrier").contains("téléchargée une fois").contains("l’équipe a téléchargé la copie");
        // sent: the DPO records the outcome, and the copy is no longer downloaded from here
        assertThat(mvc.perform(post("/rights/" + access + "/answer").param("outcome", "COMPLIED").with(authentication(dpo)).with(csrf()))
                .andReturn().getResponse().getRedirectedUrl()).isEqualTo("/rights/" + access);
        var closed = mvc.perform(get(link).with(authentication(dpo))).andReturn();
        assertThat(closed.getResponse().getStatus()).isEqualTo(303);
        assertThat(closed.getFlashMap().get("notice")).isEqualTo("rights.notice.letter-closed");
    }

    /** Once the person is erased, their request says so instead of linking to a record that no longer exists. */
    @Test
    void anErasedPersonsRequestSaysTheyWereErased() throws Exception {
        var dpo = staff(Role.DPO);
        var asDpo = asStaff(dpo);
        var person = personNamed("Effa");
        UUID erasure = requests.enter(asDpo, RequestType.ERASURE, person.id(), RequestChannel.STAFF_LETTER, "fr");
        // not without the box ticked that says it cannot be undone: the page again, nothing erased
        var unconfirmed = mvc.perform(post("/rights/" + erasure + "/fulfil").with(authentication(dpo)).with(csrf())).andReturn().getResponse();
        assertThat(unconfirmed.getStatus()).isEqualTo(400);
        assertThat(unconfirmed.getContentAsString()).contains("Tick the box to confirm the erasure").contains("id=\"confirm-erasure\"");
        assertThat(requests.get(erasure).status().open()).isTrue();
        assertThat(mvc.perform(post("/rights/" + erasure + "/fulfil").param("confirm", "yes").with(authentication(dpo)).with(csrf())).andReturn()
                .getResponse().getRedirectedUrl()).isEqualTo("/rights/" + erasure);
        String page = mvc.perform(get("/rights/" + erasure).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Erased: their record no longer exists.").doesNotContain("href=\"/persons/" + person.id().value() + "\"");
    }

    /** A form posted for a person, a hold or an account that is not there (a stale page, a hand-edited address) is a 404, not an error. */
    @Test
    void formsForSomethingThatIsNotThereAnswerNotFound() throws Exception {
        var dpo = staff(Role.DPO);
        String nobody = "/persons/" + UUID.randomUUID();
        assertThat(mvc.perform(post(nobody + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "ACCESS")
                .param("channel", "STAFF_PHONE")).andReturn().getResponse().getStatus()).isEqualTo(404);
        var person = personNamed("Garde");
        assertThat(mvc.perform(post("/persons/" + person.id().value() + "/legal-holds/" + UUID.randomUUID() + "/release").with(authentication(dpo))
                .with(csrf()).param("reason", "x")).andReturn().getResponse().getStatus()).isEqualTo(404);
        var admin = staff(Role.ADMIN);
        var disable = mvc.perform(post("/admin/accounts/" + UUID.randomUUID() + "/enabled").with(authentication(admin)).with(csrf())
                .param("enabled", "false")).andReturn();
        assertThat(disable.getResponse().getRedirectedUrl()).isEqualTo("/admin/accounts");
        assertThat(disable.getFlashMap().get("notice")).isNotNull();
    }

    /** The request form offers a Californian's "categories only" request to those the CCPA may cover, not to a person under the GDPR. */
    @Test
    void theCategoriesOnlyRequestIsOfferedUnderTheCcpaOnly() throws Exception {
        var dpo = staff(Role.DPO);
        for (String law : List.of("EU", "US_CA")) {
            var person = persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), PersonInput.fromJson(Map.of("firstName", "Loi",
                    "lastName", law, "jurisdiction", law), 0));
            String page = mvc.perform(get("/persons/" + person.id().value()).with(authentication(dpo))
                    .sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("id=\"enter-request\"");
            if (law.equals("EU")) assertThat(page).doesNotContain("id=\"request-categories-only\"");
            else assertThat(page).contains("id=\"request-categories-only\"");
        }
    }

    @Test
    void theDpoPlacesAndReleasesALegalHoldFromThePersonsPage() throws Exception {
        var dpo = staff(Role.DPO);
        var person = persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), PersonInput.fromJson(Map.of("firstName", "Hélène",
                "lastName", "Facturée", "emails", List.of("helene." + UUID.randomUUID().toString().substring(0, 6) + "@exemple.fr")), 0));
        String path = "/persons/" + person.id().value();
        String page = mvc.perform(get(path).with(authentication(dpo)).sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn()
                .getResponse().getContentAsString();
        assertThat(page).contains("id=\"legal-holds\"").contains("No legal hold on this person").contains("value=\"accounting\"")
                .doesNotContain("value=\"crm\"").doesNotContain("??")
                // each purpose offered by its name, not its id
                .containsPattern("<option value=\"accounting\">Accounting and legal obligations</option>");
        // a past day is refused, with the reason shown on the page; nothing is recorded (and the form's one-time token is
        // freed: the same page's form, mended, goes through, at the end of this test)
        var session = new org.springframework.mock.web.MockHttpSession();
        session.setAttribute(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights");
        String once = UUID.randomUUID().toString();
        var refused = mvc.perform(post(path + "/legal-holds").session(session).with(authentication(dpo)).with(csrf()).param("purpose", "accounting")
                .param("once", once).param("reason", "Invoices of 2026").param("until", "2001-01-01")).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo(path + "#legal-holds");
        assertThat(refused.getFlashMap().get("holdError").toString()).contains("today or a later day");
        // and the form comes back as typed
        assertThat(refused.getFlashMap().get("holdForm")).isEqualTo(Map.of("purpose", "accounting", "reason", "Invoices of 2026", "until", "2001-01-01"));
        assertThat(mvc.perform(get(path).with(authentication(dpo)).flashAttrs(refused.getFlashMap())
                .sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn().getResponse().getContentAsString())
                .contains("value=\"Invoices of 2026\"").contains("value=\"2001-01-01\"");
        // in the staff member's language, without the service's field ids
        var inFrench = mvc.perform(post(path + "/legal-holds").with(authentication(dpo)).with(csrf()).header("Accept-Language", "fr")
                .param("purpose", "accounting").param("reason", "").param("until", "2030-02-31")).andReturn();
        assertThat(inFrench.getFlashMap().get("holdError").toString()).contains("AAAA-MM-JJ").doesNotContain("until:");
        // a reason is read by the person: no control character, no character that turns the direction of the text
        for (String reason : List.of("Factures\u0000 2026", "Factures \u202e2026")) {
            var unsafe = mvc.perform(post(path + "/legal-holds").with(authentication(dpo)).with(csrf()).param("purpose", "accounting")
                    .param("reason", reason).param("until", LocalDate.now().plusYears(1).toString())).andReturn();
            assertThat(unsafe.getFlashMap().get("holdError")).as(reason).isNotNull();
        }
        var wrongPurpose = mvc.perform(post(path + "/legal-holds").with(authentication(dpo)).with(csrf()).param("purpose", "crm")
                .param("reason", "Invoices").param("until", LocalDate.now().plusYears(1).toString())).andReturn();
        assertThat(wrongPurpose.getFlashMap().get("holdError").toString()).isEqualTo("Only a purpose founded on a legal obligation can keep data under a hold.");
        String until = LocalDate.now().plusYears(10).toString();
        mvc.perform(post(path + "/legal-holds").session(session).with(authentication(dpo)).with(csrf()).param("purpose", "accounting")
                .param("once", once).param("reason", "Invoices of 2026, Code de commerce art. L123-22").param("until", until));
        String held = mvc.perform(get(path).with(authentication(dpo)).sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn()
                .getResponse().getContentAsString();
        assertThat(held).contains("Code de commerce art. L123-22").contains(until).contains(">In force<")
                .contains("title=\"accounting\">Accounting and legal obligations</td>")
                // the purposes a hold may rest on are offered by their names, not their ids
                .containsPattern("<option value=\"accounting\"[^>]*>Accounting and legal obligations</option>");
        UUID hold = jdbc.sql("SELECT id FROM legal_hold WHERE subject_id = ?").param(person.id().value()).query(UUID.class).single();
        // a release without its reason is refused, and said as a release that did not happen
        var noReason = mvc.perform(post(path + "/legal-holds/" + hold + "/release").with(authentication(dpo)).with(csrf()).param("reason", " ")).andReturn();
        assertThat(noReason.getFlashMap().get("holdErrorTitle")).isEqualTo("holds.error.release");
        mvc.perform(post(path + "/legal-holds/" + hold + "/release").with(authentication(dpo)).with(csrf()).param("reason", "Recorded by mistake"));
        String released = mvc.perform(get(path).with(authentication(dpo)).sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn()
                .getResponse().getContentAsString();
        assertThat(released).contains(">Released<").contains("Recorded by mistake");
        // only the DPO
        assertThat(mvc.perform(post(path + "/legal-holds").with(authentication(staff(Role.SALES))).with(csrf()).param("purpose", "accounting")
                .param("reason", "x").param("until", until)).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    /**
     * A request taken by phone is recorded even when the person cannot be emailed (the mail server is down): its legal
     * clock runs from receipt; its history and the DPO's notice say the person was not told.
     */
    @Test
    void aRequestTakenByPhoneIsRecordedWhenNoEmailCanBeSent() throws Exception {
        var dpo = staff(Role.DPO);
        var person = personNamed("Sans", "Courriel");
        String path = "/persons/" + person.id().value();
        SMTP.stop();
        var entered = mvc.perform(post(path + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "ACCESS")
                .param("channel", "STAFF_PHONE")).andReturn();
        assertThat(entered.getResponse().getRedirectedUrl()).startsWith("/rights/");
        assertThat(entered.getFlashMap().get("notice")).isEqualTo("person.requests.entered-unmailed");
        UUID id = UUID.fromString(entered.getResponse().getRedirectedUrl().substring("/rights/".length()));
        assertThat(requests.get(id).status().open()).isTrue();
        assertThat(requests.mailFailed(id)).isTrue();
        String page = mvc.perform(get("/rights/" + id).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Not emailed").contains("tell them another way").doesNotContain("sans.");
        // an agent's letter is kept too, though the agent could not be told it was received
        byte[] pdf = "%PDF-1.4 permission".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var byAgent = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(path + "/rights-requests")
                .file(new org.springframework.mock.web.MockMultipartFile("permission", "permission.pdf", "application/pdf", pdf))
                .param("type", "ERASURE").param("channel", "STAFF_LETTER").param("byAgent", "true").param("agentName", "Agence Droits")
                .param("agentEmail", "agence@droits.example").with(authentication(dpo)).with(csrf())).andReturn();
        assertThat(byAgent.getResponse().getRedirectedUrl()).startsWith("/rights/");
        UUID agentRequest = UUID.fromString(byAgent.getResponse().getRedirectedUrl().substring("/rights/".length()));
        assertThat(requests.mailFailed(agentRequest)).isTrue();
        assertThat(mvc.perform(get("/rights/" + agentRequest).with(authentication(dpo))).andReturn().getResponse().getContentAsString())
                .contains("Agence Droits").contains("the agent could not be emailed");
        // an objection taken by phone stops direct marketing at once, the email to the person or not
        var objection = mvc.perform(post(path + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "OBJECTION")
                .param("channel", "STAFF_PHONE")).andReturn();
        UUID objected = UUID.fromString(objection.getResponse().getRedirectedUrl().substring("/rights/".length()));
        assertThat(jdbc.sql("SELECT purpose FROM consent_event WHERE subject_id = ? AND kind = 'OBJECTED'").param(person.id().value())
                .query(String.class).list()).containsExactlyInAnyOrder("prospecting", "email-marketing");
        assertThat(mvc.perform(get("/rights/" + objected).with(authentication(dpo))).andReturn().getResponse().getContentAsString())
                .contains("Applied at once").contains("applied at once (GDPR Art. 21(3)): B2B prospecting, Email marketing");
    }

    @Test
    void theDpoRecordsARequestTakenByPhoneOrAnAgentsLetterFromThePersonsPage() throws Exception {
        var dpo = staff(Role.DPO);
        var person = personNamed("Paul", "Téléphone");
        String path = "/persons/" + person.id().value();
        String page = mvc.perform(get(path).with(authentication(dpo)).sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"person-requests\"").contains("value=\"STAFF_PHONE\"").doesNotContain("value=\"PRIVACY_CENTRE\"")
                .doesNotContain("??");
        // the rights offered are those of the person's law: a person recorded under the GDPR is offered no California opt-out
        var european = persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), PersonInput.fromJson(Map.of("firstName", "Élise",
                "jurisdiction", "EU", "emails", List.of("elise." + UUID.randomUUID().toString().substring(0, 6) + "@exemple.fr")), 0));
        String europeanPage = mvc.perform(get("/persons/" + european.id().value()).with(authentication(dpo))
                .sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn().getResponse().getContentAsString();
        assertThat(europeanPage).contains("value=\"OBJECTION\"").doesNotContain("value=\"OPT_OUT_OF_SALE\"")
                .doesNotContain("/california\"");
        var californian = persons.create(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), PersonInput.fromJson(Map.of("firstName", "Cody",
                "jurisdiction", "US_CA", "emails", List.of("cody." + UUID.randomUUID().toString().substring(0, 6) + "@example.com")), 0));
        String californianPage = mvc.perform(get("/persons/" + californian.id().value()).with(authentication(dpo))
                .sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn().getResponse().getContentAsString();
        assertThat(californianPage).contains("value=\"OPT_OUT_OF_SALE\"").doesNotContain("value=\"OBJECTION\"").contains("/california\"");
        // a channel staff do not take requests through is refused, with the reason on the page
        var refused = mvc.perform(post(path + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "ERASURE")
                .param("channel", "PRIVACY_CENTRE")).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo(path + "#person-requests");
        assertThat(refused.getFlashMap().get("requestError").toString()).isEqualTo("Choose how the request came.");
        // an agent's letter without the agent's details says each thing missing, in words, no field ids
        var noAgent = mvc.perform(post(path + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "ERASURE")
                .param("channel", "STAFF_LETTER").param("byAgent", "true")).andReturn();
        assertThat(noAgent.getFlashMap().get("requestError").toString()).contains("The agent’s name", "at most 200 characters",
                "The agent’s email address", "Attach the permission").doesNotContain("agentName:");
        // the form comes back as typed, the agent's part open
        var typed = mvc.perform(post(path + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "ERASURE")
                .param("channel", "STAFF_LETTER").param("byAgent", "true").param("agentName", "Agence Droits")).andReturn();
        String again = mvc.perform(get(path).with(authentication(dpo)).flashAttrs(typed.getFlashMap())
                .sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights")).andReturn().getResponse().getContentAsString();
        assertThat(again).containsPattern("<option value=\"ERASURE\"[^>]*selected").containsPattern("<option value=\"STAFF_LETTER\"[^>]*selected")
                .contains("value=\"Agence Droits\"").containsPattern("<details class=\"field field-wide\" open");
        var entered = mvc.perform(post(path + "/rights-requests").with(authentication(dpo)).with(csrf()).param("type", "ACCESS")
                .param("channel", "STAFF_PHONE")).andReturn();
        assertThat(entered.getResponse().getRedirectedUrl()).startsWith("/rights/");
        // an agent's letter, with the proof attached
        byte[] pdf = "%PDF-1.4 permission".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var byAgent = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(path + "/rights-requests")
                .file(new org.springframework.mock.web.MockMultipartFile("permission", "permission.pdf", "application/pdf", pdf))
                .param("type", "ERASURE").param("channel", "STAFF_LETTER").param("byAgent", "true").param("agentName", "Agence Droits")
                .param("agentEmail", "agence@droits.example").with(authentication(dpo)).with(csrf())).andReturn();
        String agentRequest = byAgent.getResponse().getRedirectedUrl();
        assertThat(agentRequest).startsWith("/rights/");
        String detail = mvc.perform(get(agentRequest).with(authentication(dpo))).andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("id=\"agent\"").contains("Agence Droits").contains("identified by staff");
        String listed = mvc.perform(get(path).with(authentication(dpo)).sessionAttr(AccessRequest.PURPOSE_SESSION_ATTRIBUTE, "data-subject-rights"))
                .andReturn().getResponse().getContentAsString();
        assertThat(listed).contains("Access my data").contains("Delete my data").contains(agentRequest);
        // only the DPO
        assertThat(mvc.perform(post(path + "/rights-requests").with(authentication(staff(Role.SALES))).with(csrf()).param("type", "ACCESS")
                .param("channel", "STAFF_PHONE")).andReturn().getResponse().getStatus()).isEqualTo(403);
    }
}
