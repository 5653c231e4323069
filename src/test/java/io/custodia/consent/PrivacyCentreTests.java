package io.custodia.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The privacy centre end to end through the real HTTP stack and a real SMTP server (GreenMail): double
 * opt-in from the request to the confirmed consent, the preference centre reached by its emailed link,
 * Global Privacy Control, and a failed email that records nothing. Run on H2 and PostgreSQL.
 */
@SuppressWarnings("unchecked")
abstract class PrivacyCentreTests {

    /** The test configuration points spring.mail at this server (src/test/resources/application.properties). */
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);
    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/privacy/[a-z]+\\?t=[A-Za-z0-9_-]+)");

    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;
    Api marketing;
    Api sales;
    /** A visitor's browser: keeps its cookies (the session holding the CSRF token). */
    io.custodia.support.Visitor browser;

    @Autowired
    LeadForms forms;

    @BeforeEach
    void setUp() {
        forms.forgetCounts();
        marketing = Staff.apiFor(accounts, port, Role.MARKETING);
        sales = Staff.apiFor(accounts, port, Role.SALES);
        browser = new io.custodia.support.Visitor(port);
    }

    private record Subscriber(String id, String email) {
    }

    private Subscriber newPerson(String language) {
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = "camille." + u + "@exemple.fr";
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Camille", "lastName", "Lecteur" + u,
                "emails", List.of(email), "language", language));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return new Subscriber((String) created.get("id"), email);
    }

    /** The one message sent to this address, and the privacy-centre path it links to (on this test's port). */
    private String linkMailedTo(String email, String subjectContains) {
        MimeMessage[] received = SMTP.getReceivedMessagesForDomain(email);
        assertThat(received).hasSize(1);
        try {
            assertThat(received[0].getSubject()).contains(subjectContains);
            assertThat(received[0].getFrom()[0].toString()).contains("privacy@example.com");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
        String body = GreenMailUtil.getBody(received[0]).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as(body).isTrue();
        return link.group(1);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return browser.get(path, headers);
    }

    /** Posts a form from the page at {@code pagePath}, with that page's CSRF token, as a browser does. */
    private HttpResponse<String> postForm(String pagePath, String action, Map<String, String> fields, String... headers) throws Exception {
        return browser.postForm(pagePath, action, fields, headers);
    }

    private List<Map<String, Object>> history(String id) {
        return (List<Map<String, Object>>) marketing.get("/api/v1/persons/" + id + "/consents", "email-marketing").get("history");
    }

    @Test
    void doubleOptInCountsOnlyOnceThePersonConfirmsFromTheEmailedLink() throws Exception {
        Subscriber camille = newPerson("fr");
        Api.Response asked = marketing.post("/api/v1/persons/" + camille.id() + "/consents/requests", null,
                Map.of("purpose", "email-marketing", "source", "web_form", "formId", "newsletter"));
        assertThat(asked.status()).as(asked.raw()).isEqualTo(202);
        assertThat(asked.raw()).doesNotContain(camille.email());
        String confirm = linkMailedTo(camille.email(), "Merci de confirmer : Marketing par e-mail");

        // asked is not given: the purpose still has no basis
        assertThat(marketing.get("/api/v1/persons/" + camille.id(), "email-marketing").get("reason")).isEqualTo("CONSENT_MISSING");
        // opening the link (as a mail scanner would) changes nothing
        HttpResponse<String> page = get(confirm);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Marketing par e-mail");
        assertThat(history(camille.id())).extracting(e -> e.get("kind")).containsExactly("REQUESTED");

        HttpResponse<String> confirmed = postForm(confirm, "/privacy/confirm", Map.of("t", confirm.substring(confirm.indexOf("t=") + 2)));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("id=\"confirmed\"");
        List<Map<String, Object>> history = history(camille.id());
        assertThat(history).extracting(e -> e.get("kind")).containsExactly("REQUESTED", "GIVEN");
        Map<String, Object> given = history.get(1);
        assertThat(given).containsEntry("source", "EMAIL_LINK").containsEntry("channel", "EMAIL");
        assertThat((Map<String, Object>) given.get("recordedBy")).containsEntry("kind", "SUBJECT").containsEntry("id", camille.id());
        assertThat((Map<String, Object>) given.get("notice")).isEqualTo(history.get(0).get("notice"));
        assertThat((Map<String, Object>) given.get("evidence")).containsEntry("userAgent", "Mozilla/5.0 (test browser)")
                .containsEntry("ipAddress", "recorded as a keyed hash");
        assertThat(marketing.get("/api/v1/persons/" + camille.id(), "email-marketing").status()).isEqualTo(200);

        // confirming twice records nothing more
        postForm(confirm, "/privacy/confirm", Map.of("t", confirm.substring(confirm.indexOf("t=") + 2)));
        assertThat(history(camille.id())).hasSize(2);
        // once a later choice replaced it (a withdrawal), the link is spent: it cannot give the consent back
        assertThat(marketing.post("/api/v1/persons/" + camille.id() + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "withdrawn")).status()).isEqualTo(201);
        HttpResponse<String> spent = get(confirm);
        assertThat(spent.statusCode()).isEqualTo(400);
        assertThat(spent.body()).contains("id=\"link-refused\"").contains("déjà servi");
        assertThat(history(camille.id())).extracting(e -> e.get("kind")).containsExactly("REQUESTED", "GIVEN", "WITHDRAWN");
        // a link altered by one character opens nothing
        String forged = confirm.substring(0, confirm.length() - 2) + (confirm.endsWith("A") ? "BB" : "AA");
        HttpResponse<String> refused = get(forged);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"link-refused\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE subject_id = ? AND action = 'CONSENT' AND actor_kind = 'SUBJECT'")
                .param(UUID.fromString(camille.id())).query(Long.class).single()).isEqualTo(1);
    }

    /**
     * The public pages speak the browser's language (the first of its languages that Custodia ships) until the
     * visitor chooses one; an emailed link opens in the language of its email, whatever the browser prefers.
     */
    @Test
    void publicPagesSpeakTheBrowsersLanguageAndAnEmailedLinkTheEmails() throws Exception {
        assertThat(new io.custodia.support.Visitor(port).get("/privacy/requests", "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8").body())
                .contains("Vos droits sur vos données");
        assertThat(new io.custodia.support.Visitor(port).get("/privacy/requests", "Accept-Language", "de-DE,fr;q=0.7").body())
                .contains("Vos droits sur vos données");
        assertThat(new io.custodia.support.Visitor(port).get("/privacy/requests", "Accept-Language", "de-DE,es;q=0.7").body())
                .contains("Your rights over your data");
        assertThat(new io.custodia.support.Visitor(port).get("/privacy/requests").body()).contains("Your rights over your data");
        // a language chosen on the page wins over the browser's, and is remembered
        io.custodia.support.Visitor chooser = new io.custodia.support.Visitor(port);
        assertThat(chooser.get("/privacy/requests?lang=en", "Accept-Language", "fr-FR").body()).contains("Your rights over your data");
        assertThat(chooser.get("/privacy/requests", "Accept-Language", "fr-FR").body()).contains("Your rights over your data");

        Subscriber french = newPerson("fr");
        assertThat(marketing.post("/api/v1/persons/" + french.id() + "/preference-link", null, Map.of()).status()).isEqualTo(202);
        MimeMessage[] received = SMTP.getReceivedMessagesForDomain(french.email());
        assertThat(received).hasSize(1);
        String body = GreenMailUtil.getBody(received[0]).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = Pattern.compile("http://localhost:8080(/privacy/preferences\\?t=[A-Za-z0-9_-]+&lang=fr)").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        assertThat(new io.custodia.support.Visitor(port).get(link.group(1), "Accept-Language", "en-US").body())
                .contains("Vos choix de confidentialité").contains("Bonjour Camille")
                // no law recorded on this person: the California choices are offered (they may be Californian)
                .contains("id=\"california-choices\"");
        // a person recorded under the GDPR is not offered California's choices: they object instead
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = "europe." + u + "@exemple.fr";
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Eva", "emails", List.of(email), "jurisdiction", "EU"));
        assertThat(marketing.post("/api/v1/persons/" + created.get("id") + "/preference-link", null, Map.of()).status()).isEqualTo(202);
        String european = linkMailedTo(email, "Your privacy choices");
        assertThat(get(european).body()).contains("Hello Eva").doesNotContain("id=\"california-choices\"");
    }

    @Test
    void thePreferenceCentreWithdrawsInOneClickAndHonoursGlobalPrivacyControl() throws Exception {
        Subscriber camille = newPerson("en");
        assertThat(marketing.post("/api/v1/persons/" + camille.id() + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "given")).status()).isEqualTo(201);
        assertThat(marketing.post("/api/v1/persons/" + camille.id() + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "phone", "status", "given")).status()).isEqualTo(201);
        Api.Response sent = marketing.post("/api/v1/persons/" + camille.id() + "/preference-link", null, Map.of());
        assertThat(sent.status()).as(sent.raw()).isEqualTo(202);
        String preferences = linkMailedTo(camille.email(), "Your privacy choices");

        HttpResponse<String> withSignal = get(preferences, "Sec-GPC", "1");
        assertThat(withSignal.statusCode()).isEqualTo(200);
        assertThat(withSignal.body()).contains("Hello Camille").contains("Opt-Out Preference Signal Honored");
        assertThat(history(camille.id())).extracting(e -> e.get("kind")).containsExactly("GIVEN", "GIVEN", "OPTED_OUT_OF_SALE");
        assertThat(history(camille.id()).get(2)).containsEntry("source", "GPC");
        // a later visit without the signal is not an opt-in, and records nothing
        HttpResponse<String> without = get(preferences);
        assertThat(without.body()).doesNotContain("Opt-Out Preference Signal Honored");
        assertThat(history(camille.id())).hasSize(3);
        assertThat(marketing.get("/api/v1/persons/" + camille.id() + "/consents", "email-marketing").get("optedOutOfSaleSince")).isNotNull();

        String token = preferences.substring(preferences.indexOf("t=") + 2);
        HttpResponse<String> receipt = get("/privacy/receipt?t=" + token + "&purpose=email-marketing");
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains("ISO/IEC TS 27560:2023").contains("\"currentState\":\"CONSENT_GIVEN\"").doesNotContain(camille.email());
        // the person's own read of their choices is in the ledger, as theirs
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'READ' AND actor_kind = 'SUBJECT' AND subject_id = ? AND detail = ?")
                .params(UUID.fromString(camille.id()), "record=consent-receipt").query(Long.class).single()).isEqualTo(1);
        HttpResponse<String> off = postForm(preferences, "/privacy/preferences", Map.of("t", token, "purpose", "email-marketing", "set", "off"));
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("Saved: turned off");
        // one click withdrew the consent on every channel it was given on (GDPR Art. 7(3): as easy as giving)
        Api.Response refused = marketing.get("/api/v1/persons/" + camille.id(), "email-marketing");
        assertThat(refused.get("reason")).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(history(camille.id())).filteredOn(e -> "WITHDRAWN".equals(e.get("kind"))).extracting(e -> e.get("channel"))
                .containsExactlyInAnyOrder("EMAIL", "PHONE");
        // the page says it was withdrawn, and when (not "you have not agreed"), and keeps the receipt: the proof of both
        String row = off.body().substring(off.body().indexOf("data-purpose=\"email-marketing\""));
        row = row.substring(0, row.indexOf("</li>"));
        assertThat(row).contains("You withdrew your consent on").doesNotContain("You have not agreed").contains("/privacy/receipt?");
        assertThat(get("/privacy/receipt?t=" + token + "&purpose=email-marketing").body()).contains("\"currentState\":\"CONSENT_WITHDRAWN\"")
                .contains("\"type\":\"WITHDRAWN\"");
        postForm(preferences, "/privacy/preferences", Map.of("t", token, "purpose", "prospecting", "set", "off"));
        assertThat(sales.get("/api/v1/persons/" + camille.id(), "prospecting").get("reason")).isEqualTo("OBJECTED");
        assertThat(history(camille.id())).extracting(e -> e.get("source"))
                .containsExactly("API", "API", "GPC", "PRIVACY_CENTRE", "PRIVACY_CENTRE", "PRIVACY_CENTRE", "PRIVACY_CENTRE");

        // the California choices: opted out already (the signal), and the limit on sensitive information in one click
        assertThat(get(preferences).body()).contains("id=\"california-choices\"").contains("You opted out on")
                .doesNotContain("id=\"opt-out-of-sale\"").contains("id=\"limit-sensitive\"");
        HttpResponse<String> limited = postForm(preferences, "/privacy/preferences/california", Map.of("t", token, "choice", "sensitive"));
        assertThat(limited.statusCode()).isEqualTo(200);
        assertThat(limited.body()).contains("Done: we now use your sensitive personal information only for what you asked of us.")
                .contains("You limited its use on").doesNotContain("id=\"limit-sensitive\"");
        assertThat(marketing.get("/api/v1/persons/" + camille.id() + "/consents", "email-marketing").get("limitedSensitiveSince")).isNotNull();
        assertThat(history(camille.id())).last().extracting(e -> e.get("kind") + "/" + e.get("source")).isEqualTo("LIMITED_SENSITIVE/PRIVACY_CENTRE");

        HttpResponse<String> notice = get("/privacy/notice?lang=fr");
        assertThat(notice.statusCode()).isEqualTo(200);
        assertThat(notice.body()).contains("Politique de confidentialité — Example SAS").contains("SHA-256")
                .doesNotContain("??").doesNotContain("PrivacyNotice[").doesNotContain("purpose-select");
        // readable: each purpose a heading, its data and retention in words, the law cited in French
        assertThat(notice.body()).contains("<h2>Gestion de la relation client</h2>").contains("Prénom, Nom")
                .contains("3 ans à compter de la fin de la relation").contains("RGPD art. 6(1)(b)")
                .doesNotContain("## ").doesNotContain("person.first_name").doesNotContain("P3Y").doesNotContain("GDPR Art.");
        assertThat(get("/privacy/notice?lang=en").body()).contains("<h2>Customer relationship management</h2>")
                .contains("Kept for: 3 years from the end of the relationship").contains("First name, Last name");
        // the privacy centre's own address leads to the notice, which leads to the requests form
        HttpResponse<String> centre = get("/privacy?lang=fr");
        assertThat(centre.statusCode()).isEqualTo(200);
        assertThat(centre.body()).contains("Politique de confidentialité — Example SAS");
        assertThat(notice.body()).contains("href=\"/privacy/requests\"").contains("Faire une demande");

        HttpResponse<String> gpc = get("/.well-known/gpc.json");
        assertThat(gpc.statusCode()).isEqualTo(200);
        assertThat(gpc.body()).contains("\"gpc\":true");
    }

    /** A public form post: no session, no CSRF token, as from the company's own site. */
    private HttpResponse<String> submitForm(String form, Map<String, String> fields, String... headers) throws Exception {
        String body = fields.entrySet().stream().map(e -> e.getKey().replaceAll("#\\d+$", "") + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/privacy/forms/" + form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "Mozilla/5.0 (site visitor)")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) request.headers(headers);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long consentEvents() {
        return jdbc.sql("SELECT COUNT(*) FROM consent_event").query(Long.class).single();
    }

    @Test
    void theSignUpFormAsksForConfirmationStoresNothingUnaskedAndTurnsRobotsAway() throws Exception {
        HttpResponse<String> page = get("/privacy/forms/newsletter");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"consent\" value=\"email-marketing\"").doesNotContain("checked")
                .doesNotContain("purpose-select").doesNotContain("??");
        HttpResponse<String> snippet = get("/privacy/forms/newsletter/snippet");
        assertThat(snippet.body()).startsWith("<form").contains("action=\"http://localhost:8080/privacy/forms/newsletter\"").doesNotContain("_csrf");

        String email = "lea." + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr";
        HttpResponse<String> signed = submitForm("newsletter", Map.of("email", email, "firstName", "Léa", "consent", "email-marketing",
                "language", "fr"));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(signed.body()).contains("id=\"form-result\"");
        String confirm = linkMailedTo(email, "Merci de confirmer");
        String subject = jdbc.sql("SELECT CAST(subject_id AS VARCHAR(36)) FROM consent_event WHERE form_id = 'newsletter'")
                .query(String.class).single();
        List<Map<String, Object>> history = history(subject);
        assertThat(history).extracting(e -> e.get("kind") + "/" + e.get("source")).containsExactly("REQUESTED/WEB_FORM");
        assertThat((Map<String, Object>) history.getFirst().get("evidence")).containsEntry("formId", "newsletter")
                .containsEntry("userAgent", "Mozilla/5.0 (site visitor)");
        assertThat((Map<String, Object>) history.getFirst().get("recordedBy")).containsEntry("kind", "SUBJECT");
        postForm(confirm, "/privacy/confirm", Map.of("t", confirm.substring(confirm.indexOf("t=") + 2)));
        assertThat(history(subject)).extracting(e -> e.get("kind")).containsExactly("REQUESTED", "GIVEN");

        // the same address again is the same person, and the browser's GPC signal is honoured
        SMTP.reset();
        submitForm("newsletter", Map.of("email", email, "consent", "email-marketing"), "Sec-GPC", "1");
        assertThat(history(subject)).extracting(e -> e.get("kind")).containsExactly("REQUESTED", "GIVEN", "REQUESTED", "OPTED_OUT_OF_SALE");

        long before = consentEvents();
        SMTP.reset();
        // a robot fills the hidden field: answered like anyone, nothing stored, nothing sent
        assertThat(submitForm("newsletter", Map.of("email", "robot@exemple.fr", "consent", "email-marketing", "website", "http://spam")).statusCode())
                .isEqualTo(200);
        // no box ticked: nothing to keep
        assertThat(submitForm("newsletter", Map.of("email", "personne@exemple.fr")).body()).contains("kept nothing");
        assertThat(consentEvents()).isEqualTo(before);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        // a malformed address: the form again, as typed, the mistake under its field in the person's words; not counted
        HttpResponse<String> bad = submitForm("newsletter", Map.of("email", "not-an-address", "firstName", "Zoé", "consent", "email-marketing"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Give an email address such as name@example.com").contains("value=\"not-an-address\"")
                .contains("value=\"Zoé\"").containsPattern("value=\"email-marketing\"[^>]*checked").doesNotContain(": is not");
        // five submissions per address in ten minutes (three counted above; neither the robot's nor the malformed one): the sixth is turned away
        assertThat(submitForm("newsletter", Map.of("email", "x@exemple.fr")).statusCode()).isEqualTo(200);
        assertThat(submitForm("newsletter", Map.of("email", "w@exemple.fr")).statusCode()).isEqualTo(200);
        HttpResponse<String> sixth = submitForm("newsletter", Map.of("email", "y@exemple.fr", "consent", "email-marketing"));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.body()).contains("Too many sign-ups");
        assertThat(consentEvents()).isEqualTo(before);
    }

    @Test
    void aConfirmationThatCannotBeEmailedRecordsNothing() {
        Subscriber camille = newPerson("en");
        SMTP.stop();
        Api.Response failed = marketing.post("/api/v1/persons/" + camille.id() + "/consents/requests", null, Map.of("purpose", "email-marketing"));
        assertThat(failed.status()).as(failed.raw()).isEqualTo(503);
        assertThat(failed.raw()).contains("SMTP");
        assertThat(history(camille.id())).isEmpty();
        // the sign-up form keeps nothing either: no person without the request their box asked for
        long persons = jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single();
        try {
            HttpResponse<String> form = submitForm("down", Map.of("email", "panne." + UUID.randomUUID().toString().substring(0, 6) + "@exemple.fr",
                    "consent", "email-marketing"));
            assertThat(form.statusCode()).isEqualTo(503);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single()).isEqualTo(persons);
        // and a purpose that does not rest on consent is refused before anything is sent
        Api.Response wrong = marketing.post("/api/v1/persons/" + camille.id() + "/consents/requests", null, Map.of("purpose", "crm"));
        assertThat(wrong.status()).isEqualTo(400);
    }
}
