package io.custodia.outreach;

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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Campaigns end to end through a real SMTP server (GreenMail): consent checked again at send time, the
 * sender named, one-click unsubscribe (RFC 8058), no message sent twice after a crash. H2 and PostgreSQL.
 */
@SuppressWarnings("unchecked")
// the default register, with email marketing also covering the organisation: the tests isolate their persons by it
@org.springframework.test.context.TestPropertySource(properties = "custodia.data-map=classpath:datamap/organisation-newsletters-datamap.yml")
abstract class CampaignTests {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Campaigns campaigns;
    @LocalServerPort
    int port;
    Api sales;
    Api marketing;
    Api support;

    @BeforeEach
    void signIn() {
        sales = Staff.apiFor(accounts, port, Role.SALES);
        marketing = Staff.apiFor(accounts, port, Role.MARKETING);
        support = Staff.apiFor(accounts, port, Role.SUPPORT);
    }

    private String organisation() {
        return (String) sales.post("/api/v1/organisations", null, Map.of("name", "Maison " + UUID.randomUUID().toString().substring(0, 6))).get("id");
    }

    private String person(String organisation, String email, String language, boolean consent) {
        String id = (String) sales.post("/api/v1/persons", "crm", Map.of("firstName", "Alix", "lastName", "Lecteur", "emails", List.of(email),
                "language", language, "organisationId", organisation)).get("id");
        if (consent) {
            assertThat(marketing.post("/api/v1/persons/" + id + "/consents", null,
                    Map.of("purpose", "email-marketing", "channel", "email", "status", "given")).status()).isEqualTo(201);
        }
        return id;
    }

    private String campaign(String organisation) {
        Api.Response created = marketing.post("/api/v1/campaigns", null, Map.of("name", "Lettre de novembre", "purpose", "email-marketing",
                "organisationId", organisation, "subject", Map.of("en", "News for {firstName}", "fr", "Nouvelles pour {firstName}"),
                "body", Map.of("en", "Hello {firstName}, our November news.", "fr", "Bonjour {firstName}, nos nouvelles de novembre.")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return (String) created.get("id");
    }

    @Test
    void consentIsCheckedAgainAtSendTimeAndEveryMessageUnsubscribesInOneClick() throws Exception {
        String org = organisation();
        String u = UUID.randomUUID().toString().substring(0, 6);
        String alix = person(org, "alix." + u + "@exemple.fr", "fr", true);
        String withdraws = person(org, "withdraws." + u + "@exemple.fr", "en", true);
        person(org, "never." + u + "@exemple.fr", "en", false);
        String id = campaign(org);

        Api.Response send = marketing.post("/api/v1/campaigns/" + id + "/send", null, Map.of());
        assertThat(send.status()).as(send.raw()).isEqualTo(202);
        assertThat(send.get("queued")).isEqualTo(2);
        // between the build and the send, one of them withdraws: their message must not go
        assertThat(support.post("/api/v1/persons/" + withdraws + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "withdrawn")).status()).isEqualTo(201);
        assertThat(campaigns.deliver(UUID.fromString(id), Integer.MAX_VALUE)).isEqualTo(1);

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("alix." + u + "@exemple.fr");
        assertThat(message.getSubject()).isEqualTo("Nouvelles pour Alix");
        assertThat(message.getFrom()[0].toString()).contains("privacy@example.com");
        assertThat(message.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String unsubscribe = message.getHeader("List-Unsubscribe")[0].replaceAll("^<|>$", "");
        assertThat(unsubscribe).startsWith("http://localhost:8080/privacy/unsubscribe?t=");
        assertThat(GreenMailUtil.getBody(message)).contains("Bonjour Alix").contains("Example SAS");

        Map<String, Object> progress = (Map<String, Object>) marketing.get("/api/v1/campaigns/" + id, null).get("messages");
        assertThat(progress).containsOnly(Map.entry("SENT", 1), Map.entry("SKIPPED:CONSENT_WITHDRAWN", 1));
        assertThat(marketing.get("/api/v1/campaigns/" + id, null).get("status")).isEqualTo("SENT");

        // the mail client's one-click unsubscribe: a POST with no session and no token but the link's own
        HttpResponse<String> oneClick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(unsubscribe.replace("localhost:8080",
                "localhost:" + port))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("id=\"unsubscribed\"");
        assertThat(marketing.get("/api/v1/persons/" + alix, "email-marketing").get("reason")).isEqualTo("CONSENT_WITHDRAWN");

        // sending again queues and sends nothing more
        assertThat(marketing.post("/api/v1/campaigns/" + id + "/send", null, Map.of()).get("queued")).isEqualTo(2);
        assertThat(campaigns.deliver(UUID.fromString(id), Integer.MAX_VALUE)).isZero();
        assertThat(SMTP.getReceivedMessages()).hasSize(1);

        // a campaign that was sent is the record of who was written to and why: it cannot be deleted
        Api.Response keep = marketing.delete("/api/v1/campaigns/" + id, null);
        assertThat(keep.status()).isEqualTo(409);
        assertThat((String) keep.get("detail")).contains("only a draft");
        assertThat(marketing.get("/api/v1/campaigns/" + id, null).get("status")).isEqualTo("SENT");
    }

    @Test
    void aDraftIsListedAndCanBeDeletedByThoseItsPurposeIsGrantedTo() {
        String id = campaign(organisation());
        List<Map<String, Object>> listed = marketing.get("/api/v1/campaigns", null).items();
        assertThat(listed).filteredOn(c -> id.equals(c.get("id"))).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("status", "DRAFT").containsEntry("purpose", "email-marketing")
                        .containsEntry("name", "Lettre de novembre").containsKey("createdAt"));
        // someone whose roles grant no purpose that contacts people sees no campaign, and cannot delete one
        assertThat(support.get("/api/v1/campaigns", null).items()).isEmpty();
        assertThat(support.delete("/api/v1/campaigns/" + id, null).status()).isEqualTo(404);

        assertThat(marketing.delete("/api/v1/campaigns/" + id, null).status()).isEqualTo(204);
        assertThat(marketing.get("/api/v1/campaigns/" + id, null).status()).isEqualTo(404);
        assertThat(marketing.get("/api/v1/campaigns", null).items()).extracting(c -> c.get("id")).doesNotContain(id);
        assertThat(marketing.delete("/api/v1/campaigns/" + id, null).status()).isEqualTo(404);
        assertThat(marketing.delete("/api/v1/campaigns/nope", null).status()).isEqualTo(400);
    }

    @Test
    void afterACrashAMessageThatMayHaveLeftIsNeverSentAgain() throws Exception {
        String org = organisation();
        String u = UUID.randomUUID().toString().substring(0, 6);
        String first = person(org, "one." + u + "@exemple.fr", "en", true);
        person(org, "two." + u + "@exemple.fr", "en", true);
        String id = campaign(org);
        assertThat(marketing.post("/api/v1/campaigns/" + id + "/send", null, Map.of()).get("queued")).isEqualTo(2);
        // the process died while this message was being handed to the SMTP server
        jdbc.sql("UPDATE campaign_message SET status = 'SENDING' WHERE campaign_id = ? AND subject_id = ?")
                .params(UUID.fromString(id), UUID.fromString(first)).update();
        assertThat(campaigns.markUncertain()).isEqualTo(1);
        assertThat(campaigns.deliver(UUID.fromString(id), Integer.MAX_VALUE)).isEqualTo(1);
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("two." + u + "@exemple.fr");
        assertThat((Map<String, Object>) marketing.get("/api/v1/campaigns/" + id, null).get("messages"))
                .containsOnly(Map.entry("SENT", 1), Map.entry("UNCERTAIN:INTERRUPTED", 1));
    }

    @Test
    void badCampaignsAreRefusedFieldByField() {
        Api.Response bad = marketing.post("/api/v1/campaigns", null, Map.of("name", "Sans français", "purpose", "email-marketing",
                "subject", Map.of("en", "Hi"), "body", Map.of("en", "Write to jeanne.dupont@exemple.fr", "fr", "Bonjour")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) bad.get("errors")).extracting(e -> e.get("field")).containsExactlyInAnyOrder("subject.fr", "body.en");
        assertThat(marketing.post("/api/v1/campaigns", null, Map.of("purpose", "email-marketing")).status()).isEqualTo(400);
        assertThat(marketing.post("/api/v1/campaigns", null, Map.of("name", "x", "purpose", "prospecting", "subject", Map.of("en", "a", "fr", "b"),
                "body", Map.of("en", "a", "fr", "b"))).status()).isEqualTo(403);
        // a campaign is direct marketing: support staff, whose purposes are a contract's, cannot mass-mail customers with one
        // (its one-click way out could not withdraw a contract); nothing is written
        long campaigns = support.get("/api/v1/campaigns", null).items().size();
        for (String purpose : List.of("crm", "support")) {
            Api.Response refused = support.post("/api/v1/campaigns", null, Map.of("name", "Winter offers", "purpose", purpose,
                    "subject", Map.of("en", "Offers", "fr", "Offres"), "body", Map.of("en", "Buy", "fr", "Achetez")));
            assertThat(refused.status()).as(purpose).isEqualTo(400);
            assertThat((List<Map<String, Object>>) refused.get("errors")).extracting(e -> e.get("field"), e -> e.get("code"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("purpose", "not-marketing"));
        }
        assertThat(support.get("/api/v1/campaigns", null).items()).hasSize((int) campaigns);
        assertThat(marketing.post("/api/v1/campaigns/" + UUID.randomUUID() + "/send", null, Map.of()).status()).isEqualTo(404);
        assertThat(marketing.post("/api/v1/campaigns/nope/send", null, Map.of()).status()).isEqualTo(400);
    }
}
