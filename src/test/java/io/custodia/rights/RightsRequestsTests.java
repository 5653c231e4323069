package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import io.custodia.support.Visitor;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Data subject requests end to end, through the real HTTP stack and a real SMTP server (GreenMail): the
 * privacy centre's form, the emailed confirmation, the DPO's queue and acts, the person's emails at each
 * step. Run on H2 and PostgreSQL.
 */
@SuppressWarnings("unchecked")
abstract class RightsRequestsTests {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);
    private static final Pattern VERIFY = Pattern.compile("http://localhost:8080(/privacy/requests/verify\\?t=[A-Za-z0-9_-]+)");

    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RightsRequests requests;
    @LocalServerPort
    int port;
    Api sales;
    Api dpo;
    Visitor visitor;

    @BeforeEach
    void setUp() {
        sales = Staff.apiFor(accounts, port, Role.SALES);
        dpo = Staff.apiFor(accounts, port, Role.DPO);
        visitor = new Visitor(port);
    }

    private record Known(String id, String email) {
    }

    private Known person(String jurisdiction, String note) {
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = "lucie." + u + "@exemple.fr";
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Lucie", "lastName", "Demande" + u,
                "emails", List.of(email), "jurisdiction", jurisdiction, "notes", note));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return new Known((String) created.get("id"), email);
    }

    private HttpResponse<String> ask(String type, String email, String jurisdiction) throws Exception {
        return visitor.postForm("/privacy/requests", "/privacy/requests", Map.of("type", type, "email", email, "jurisdiction", jurisdiction));
    }

    private List<MimeMessage> mailsTo(String email) {
        return List.of(SMTP.getReceivedMessagesForDomain(email));
    }

    private static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
    }

    private Map<String, Object> queued(String requestId) {
        return ((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests?all=true", null).get("items")).stream()
                .filter(r -> r.get("id").equals(requestId)).findFirst().orElseThrow();
    }

    private String requestOf(String personId) {
        return jdbc.sql("SELECT request_id FROM rights_request_subject WHERE subject_id = ?").param(UUID.fromString(personId))
                .query(UUID.class).single().toString();
    }

    @Test
    void anErasureAskedOnThePrivacyCentreIsConfirmedByEmailThenCarriedOutByTheDpo() throws Exception {
        String planted = "Planté" + UUID.randomUUID().toString().substring(0, 8);
        Known lucie = person("EU", "Note " + planted);
        HttpResponse<String> sent = ask("ERASURE", " " + lucie.email().toUpperCase(java.util.Locale.ROOT) + " ", "EU");
        assertThat(sent.statusCode()).isEqualTo(200);
        // the page says the same for an address no one has: it never reveals whether an address is known
        String unknown = "nobody." + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr";
        HttpResponse<String> same = ask("ERASURE", unknown, "EU");
        assertThat(section(same.body())).isEqualTo(section(sent.body())).contains("Request received");
        assertThat(mailsTo(unknown)).singleElement().satisfies(m -> assertThat(body(m)).contains("We hold no personal data under this address"));
        // the emails follow the language of the form as the visitor chose it, not only their browser's first one
        io.custodia.support.Visitor french = new io.custodia.support.Visitor(port);
        assertThat(french.get("/privacy/requests?lang=fr").body()).contains("Vos droits sur vos données");
        String inFrench = "personne." + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr";
        french.postForm("/privacy/requests", "/privacy/requests", Map.of("type", "ERASURE", "email", inFrench, "jurisdiction", "EU"),
                "Accept-Language", "en-US");
        assertThat(mailsTo(inFrench)).singleElement().satisfies(m -> assertThat(m.getSubject()).startsWith("Votre demande"));

        MimeMessage verify = mailsTo(lucie.email()).getFirst();
        assertThat(verify.getSubject()).isEqualTo("Confirm your request: Delete my data");
        Matcher link = VERIFY.matcher(body(verify));
        assertThat(link.find()).isTrue();
        String requestId = requestOf(lucie.id());
        assertThat(queued(requestId)).containsEntry("status", "AWAITING_VERIFICATION").containsEntry("law", "GDPR Art. 12(3)");
        // opening the link changes nothing (mail scanners open links); confirming does
        assertThat(visitor.get(link.group(1)).body()).contains("id=\"confirm-request\"");
        assertThat(queued(requestId)).containsEntry("status", "AWAITING_VERIFICATION");
        HttpResponse<String> confirmed = visitor.postForm(link.group(1), "/privacy/requests/verify", Map.of("t", link.group(1).substring(link.group(1)
                .indexOf("t=") + 2)));
        assertThat(confirmed.body()).contains("id=\"request-confirmed\"")
                // the day they will be answered by, as they read a day
                .containsPattern("We will answer by \\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4} at the latest");
        Map<String, Object> open = queued(requestId);
        assertThat(open).containsEntry("status", "OPEN").containsEntry("urgency", "ok");
        LocalDate receivedOn = LocalDate.parse((String) open.get("receivedOn"));
        assertThat(LocalDate.parse((String) open.get("dueOn"))).isAfterOrEqualTo(receivedOn.plusMonths(1)).isBefore(receivedOn.plusMonths(1).plusDays(5));
        assertThat(mailsTo(lucie.email())).hasSize(2).last().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Request confirmed: Delete my data"));

        io.custodia.shared.SubjectId subject = io.custodia.shared.SubjectId.of(lucie.id());
        byte[] ciphertext = jdbc.sql("SELECT notes FROM person_data WHERE subject_id = ?").param(subject.value()).query((rs, n) -> rs.getBytes(1)).single();
        var where = new io.custodia.crypto.CipherContext("person_data", "notes", subject.value());
        assertThat(crypto.decrypt(subject, where, ciphertext)).contains(planted);
        Api.Response done = dpo.post("/api/v1/rights/requests/" + requestId + "/fulfil", null, Map.of());
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body()).containsEntry("status", "CLOSED").containsEntry("outcome", "COMPLIED");
        // a copy of their ciphertext (a backup, say) can no longer be decrypted: the key is gone
        crypto.forgetCached(List.of(subject));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crypto.decrypt(subject, where, ciphertext))
                .isInstanceOf(io.custodia.crypto.SubjectKeyMissingException.class);
        // their id is left only where it names no one's data: the ledger's entries and the request's record
        assertThat(tablesHolding(lucie.id())).containsOnly("audit_entry", "rights_request_subject", "recipient_notice");
        assertThat(mailsTo(lucie.email())).hasSize(3).last().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Done: Delete my data"));
        // erased: gone from every module, its planted note nowhere, and the ledger still verifies
        assertThat(sales.get("/api/v1/persons/" + lucie.id(), "crm").status()).isIn(404, 410);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person WHERE subject_id = ?").param(UUID.fromString(lucie.id())).query(Long.class).single()).isZero();
        assertThat(dpo.get("/api/v1/audit/verify", null).get("valid")).isEqualTo(true);
        // the request keeps no address, only its keyed digest
        String row = jdbc.sql("SELECT * FROM rights_request WHERE id = ?").param(UUID.fromString(requestId)).query().listOfRows().toString();
        assertThat(row).doesNotContainIgnoringCase(lucie.email()).doesNotContain("lucie");
        Api.Response history = dpo.get("/api/v1/rights/requests/" + requestId, null);
        assertThat((List<Map<String, Object>>) history.get("history")).extracting(e -> e.get("kind"))
                .containsExactly("RECEIVED", "EMAILED", "VERIFIED", "FULFILLED", "CLOSED");
    }

    @Autowired
    io.custodia.crypto.SubjectCrypto crypto;
    @Autowired
    javax.sql.DataSource dataSource;

    /** Every table with a row holding this text in any column. */
    private java.util.Set<String> tablesHolding(String text) throws Exception {
        java.util.Set<String> found = new java.util.TreeSet<>();
        try (var connection = dataSource.getConnection(); var tables = connection.getMetaData().getTables(null, connection.getSchema(), "%",
                new String[] {"TABLE"})) {
            while (tables.next()) {
                String table = tables.getString("TABLE_NAME");
                try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            Object value = rows.getObject(c);
                            String asText = value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                                    : String.valueOf(value);
                            if (asText.contains(text)) found.add(table.toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The response's main section, without the session's CSRF token. */
    private static String section(String page) {
        return page.substring(page.indexOf("<main"), page.indexOf("</main>"));
    }

    private static final Pattern PACKAGE = Pattern.compile("http://localhost:8080(/privacy/requests/package\\?t=[A-Za-z0-9_-]+)");

    /** The zip's files, by name. */
    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private byte[] downloadFrom(String email, int mail) throws Exception {
        MimeMessage message = mailsTo(email).get(mail);
        Matcher link = PACKAGE.matcher(body(message));
        assertThat(link.find()).as(body(message)).isTrue();
        assertThat(visitor.get(link.group(1)).body()).contains("id=\"download-package\"");
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + link.group(1).replace("/package?", "/package/download?"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        return response.body();
    }

    /**
     * An objection asked on the privacy centre stops direct marketing as soon as the person confirms it, without waiting
     * for the DPO (GDPR Art. 21(3): absolute); the request stays open for the DPO, and carrying it out records nothing twice.
     */
    @Test
    void anObjectionToDirectMarketingAppliesAsSoonAsItIsConfirmed() throws Exception {
        Known olga = person("EU", "Objection");
        assertThat(sales.get("/api/v1/persons/" + olga.id(), "prospecting").status()).isEqualTo(200);
        assertThat(ask("OBJECTION", olga.email(), "EU").statusCode()).isEqualTo(200);
        Matcher link = VERIFY.matcher(body(mailsTo(olga.email()).getFirst()));
        assertThat(link.find()).isTrue();
        // not before it is confirmed: anyone can type someone's address
        assertThat(sales.get("/api/v1/persons/" + olga.id(), "prospecting").status()).isEqualTo(200);
        visitor.postForm(link.group(1), "/privacy/requests/verify", Map.of("t", link.group(1).substring(link.group(1).indexOf("t=") + 2)));
        Api.Response prospecting = sales.get("/api/v1/persons/" + olga.id(), "prospecting");
        assertThat(prospecting.status()).isEqualTo(403);
        assertThat(prospecting.get("reason")).isEqualTo("OBJECTED");
        assertThat(sales.get("/api/v1/persons/" + olga.id(), "crm").status()).isEqualTo(200);
        String requestId = requestOf(olga.id());
        assertThat(queued(requestId)).containsEntry("status", "OPEN");
        String objected = "SELECT COUNT(*) FROM consent_event WHERE subject_id = ? AND kind = 'OBJECTED'";
        long recorded = jdbc.sql(objected).param(UUID.fromString(olga.id())).query(Long.class).single();
        assertThat(recorded).isEqualTo(2);
        // the DPO carries it out: the objection reaches the other legitimate interest (analytics), the direct-marketing ones are not recorded twice
        assertThat(dpo.post("/api/v1/rights/requests/" + requestId + "/fulfil", null, Map.of()).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT purpose FROM consent_event WHERE subject_id = ? AND kind = 'OBJECTED'").param(UUID.fromString(olga.id()))
                .query(String.class).list()).containsExactlyInAnyOrder("prospecting", "email-marketing", "analytics");
    }

    /**
     * Two records share one address: the mailbox's confirmation does not say which of them objects, so nothing is applied
     * before the DPO tells them apart. A confirmation whose email cannot go stands, with the objection it applied.
     */
    @Test
    void anObjectionIsAppliedAtOnceOnlyToTheOnePersonBehindTheAddressAndStandsWithoutEmail() throws Exception {
        Known first = person("EU", "Partagée");
        Api.Response twin = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Lucie", "lastName", "Jumelle",
                "emails", List.of(first.email())));
        assertThat(twin.status()).as(twin.raw()).isEqualTo(201);
        ask("OBJECTION", first.email(), "EU");
        Matcher link = VERIFY.matcher(body(mailsTo(first.email()).getFirst()));
        assertThat(link.find()).isTrue();
        visitor.postForm(link.group(1), "/privacy/requests/verify", Map.of("t", link.group(1).substring(link.group(1).indexOf("t=") + 2)));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_event WHERE subject_id IN (?, ?) AND kind = 'OBJECTED'")
                .params(UUID.fromString(first.id()), UUID.fromString((String) twin.get("id"))).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request_event WHERE request_id = ? AND kind = 'NOT_APPLIED'")
                .param(UUID.fromString(requestOf(first.id()))).query(Long.class).single()).isEqualTo(1);

        Known alone = person("EU", "Seule");
        ask("OBJECTION", alone.email(), "EU");
        Matcher own = VERIFY.matcher(body(mailsTo(alone.email()).getFirst()));
        assertThat(own.find()).isTrue();
        SMTP.stop();
        HttpResponse<String> confirmed = visitor.postForm(own.group(1), "/privacy/requests/verify",
                Map.of("t", own.group(1).substring(own.group(1).indexOf("t=") + 2)));
        assertThat(confirmed.body()).contains("id=\"request-confirmed\"");
        assertThat(sales.get("/api/v1/persons/" + alone.id(), "prospecting").get("reason")).isEqualTo("OBJECTED");
        String requestId = requestOf(alone.id());
        assertThat(queued(requestId)).containsEntry("status", "OPEN");
        assertThat(requests.mailFailed(UUID.fromString(requestId))).isTrue();
    }

    @Test
    void anAccessRequestGivesThePersonAllWeHoldAndAPortabilityRequestWhatTheyGave() throws Exception {
        String planted = "Planté" + UUID.randomUUID().toString().substring(0, 8);
        Known eva = person("EU", "Note " + planted);
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", eva.id(), "kind", "CALL", "summary", "Appel " + planted))
                .status()).isEqualTo(201);
        assertThat(Staff.apiFor(accounts, port, Role.MARKETING).post("/api/v1/persons/" + eva.id() + "/consents", null,
                Map.of("purpose", "email-marketing", "channel", "email", "status", "given")).status()).isEqualTo(201);
        ask("ACCESS", eva.email(), "EU");
        Matcher confirm = VERIFY.matcher(body(mailsTo(eva.email()).getFirst()));
        assertThat(confirm.find()).isTrue();
        visitor.postForm(confirm.group(1), "/privacy/requests/verify", Map.of("t", confirm.group(1).substring(confirm.group(1).indexOf("t=") + 2)));
        String requestId = requestOf(eva.id());
        Api.Response done = dpo.post("/api/v1/rights/requests/" + requestId + "/fulfil", null, Map.of());
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body()).containsEntry("outcome", "COMPLIED");

        Map<String, String> files = unzip(downloadFrom(eva.email(), 2));
        assertThat(files).containsKeys("index.html", "data.json", "person.csv", "interactions.csv", "choices.csv", "access-log.csv",
                "requests.csv", "privacy-notice-en.txt");
        assertThat(files.get("index.html")).contains("The data we hold on you").contains(planted).contains("Who used your data")
                .contains("CNIL");
        // the readable page names its columns for people (the record's as on the person's page); the files for programs keep the keys
        assertThat(files.get("index.html")).contains("<th>First name</th>", "<th>Summary</th>", "<th>What was done</th>", "<th>Choice</th>")
                .doesNotContain("<th>firstName</th>", "<th>occurredAt</th>", "<th>act</th>");
        // and its codes and times in words: who, what, the choice, the kind of contact, to the minute in UTC
        assertThat(files.get("index.html")).contains("<td>Read your data</td>", "<td>One of our systems, through the API</td>",
                "<td>Consent given</td>", "<td>Done</td>").doesNotContain("<td>ALLOWED</td>", "<td>GIVEN</td>", "<td>API_TOKEN</td>")
                .containsPattern("<td>20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC</td>");
        // a purpose by its name in the register; the CSV keeps its id
        assertThat(files.get("index.html")).contains("<td>Email marketing</td>").doesNotContain("<td>email-marketing</td>", "<td>crm</td>");
        assertThat(files.get("choices.csv")).contains("\"email-marketing\"");
        assertThat(files.get("access-log.csv")).contains("\"READ\"").contains("\"ALLOWED\"");
        assertThat(files.get("interactions.csv")).startsWith("\"occurredAt\",\"kind\",\"summary\"");
        assertThat(files.get("data.json")).contains(planted).contains("\"choices\"").contains("GIVEN").contains(eva.email());
        assertThat(files.get("person.csv")).startsWith("\"firstName\",").contains(eva.email());
        assertThat(files.get("privacy-notice-en.txt")).contains("Email marketing");
        // the package is kept encrypted, never as plain text
        byte[] stored = jdbc.sql("SELECT content FROM access_package WHERE request_id = ?").param(UUID.fromString(requestId))
                .query((rs, n) -> rs.getBytes(1)).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(planted).doesNotContain("data.json");
        assertThat(((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + requestId, null).get("history")).stream()
                .map(e -> e.get("kind"))).contains("PACKAGED", "DOWNLOADED");

        // portability: only what the person gave us, for consent or contract purposes (GDPR Art. 20)
        String portability = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "portability", "personId", eva.id(),
                "channel", "email")).get("id");
        assertThat(dpo.post("/api/v1/rights/requests/" + portability + "/fulfil", null, Map.of()).status()).isEqualTo(200);
        Map<String, String> given = unzip(downloadFrom(eva.email(), mailsTo(eva.email()).size() - 1));
        assertThat(given).containsKeys("index.html", "data.json", "person.csv").doesNotContainKeys("access-log.csv", "choices.csv");
        assertThat(given.get("person.csv")).contains(eva.email()).doesNotContain(planted).doesNotContain("notes");
        assertThat(given.get("index.html")).contains("The data you gave us");

        // erasing the person deletes their packages at once
        assertThat(sales.delete("/api/v1/persons/" + eva.id(), "data-subject-rights").status()).isEqualTo(403);
        assertThat(dpo.delete("/api/v1/persons/" + eva.id(), "data-subject-rights").status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM access_package WHERE subject_id = ?").param(UUID.fromString(eva.id())).query(Long.class).single())
                .isZero();
    }

    @Test
    void aCorrectionProposedOnThePrivacyCentreIsReviewedAndAppliedByTheDpo() throws Exception {
        Known tom = person("EU", "Client");
        // a correction with a card number, a control character or past 2,000 characters is refused on the form, whoever
        // the address is (a known one here: nothing is recorded), the text typed again but for a card number
        long before = jdbc.sql("SELECT COUNT(*) FROM rights_request").query(Long.class).single();
        for (String bad : List.of("Ma carte 4111 1111 1111 1111 est à jour", "Nom\u0000faux", "Nom \u202eevil", "x".repeat(2_001), "  ")) {
            var refused = visitor.postForm("/privacy/requests", "/privacy/requests", Map.of("type", "RECTIFICATION", "email", tom.email(),
                    "jurisdiction", "EU", "proposal", bad));
            assertThat(refused.statusCode()).as(bad.substring(0, Math.min(10, bad.length()))).isEqualTo(400);
            assertThat(refused.body()).contains("field-error").doesNotContain("4111 1111");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request").query(Long.class).single()).isEqualTo(before);
        String proposal = "Mon nom s'écrit Demandé-Exact, pas comme vous l'avez noté.";
        visitor.postForm("/privacy/requests", "/privacy/requests", Map.of("type", "RECTIFICATION", "email", tom.email(), "jurisdiction", "EU",
                "proposal", proposal));
        String requestId = requestOf(tom.id());
        // kept sealed, never in clear, and not shown before the person confirms
        String row = jdbc.sql("SELECT * FROM rights_request WHERE id = ?").param(UUID.fromString(requestId)).query().listOfRows().toString();
        assertThat(row).doesNotContain("Demandé-Exact");
        assertThat(dpo.get("/api/v1/rights/requests/" + requestId + "/proposal", null).get("proposal")).isEqualTo("");
        Matcher confirm = VERIFY.matcher(body(mailsTo(tom.email()).getFirst()));
        assertThat(confirm.find()).isTrue();
        visitor.postForm(confirm.group(1), "/privacy/requests/verify", Map.of("t", confirm.group(1).substring(confirm.group(1).indexOf("t=") + 2)));
        assertThat(dpo.get("/api/v1/rights/requests/" + requestId + "/proposal", null).get("proposal")).isEqualTo(proposal);

        assertThat(dpo.post("/api/v1/rights/requests/" + requestId + "/rectify", null, Map.of("changes", Map.of())).status()).isEqualTo(400);
        assertThat(dpo.post("/api/v1/rights/requests/" + requestId + "/rectify", null, Map.of("changes", Map.of("shoeSize", "42"))).status())
                .isEqualTo(400);
        Api.Response applied = dpo.post("/api/v1/rights/requests/" + requestId + "/rectify", null, Map.of("changes", Map.of("lastName", "Demandé-Exact")));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        assertThat(applied.body()).containsEntry("status", "CLOSED").containsEntry("outcome", "COMPLIED");
        assertThat(sales.get("/api/v1/persons/" + tom.id(), "crm").get("lastName")).isEqualTo("Demandé-Exact");
        assertThat((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + requestId, null).get("recipientNotices"))
                .extracting(n -> n.get("recipient") + "/" + n.get("act")).contains("hosting/RECTIFICATION");
        assertThat(mailsTo(tom.email())).last().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Done: Correct my data"));
        // answered: the proposal is gone with it
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request WHERE id = ? AND proposal IS NOT NULL").param(UUID.fromString(requestId))
                .query(Long.class).single()).isZero();
        assertThat(dpo.post("/api/v1/rights/requests/" + requestId + "/rectify", null, Map.of("changes", Map.of("lastName", "Autre"))).status())
                .isEqualTo(400);
    }

    @Test
    void aCaliforniansOptOutNeedsNoVerificationAndTakesEffectAtOnce() throws Exception {
        Known sam = person("US_CA", "Client depuis 2024");
        ask("OPT_OUT_OF_SALE", sam.email(), "US_CA");
        assertThat(mailsTo(sam.email())).singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo(
                "Done: Do not sell or share my personal information"));
        String requestId = requestOf(sam.id());
        assertThat(queued(requestId)).containsEntry("status", "CLOSED").containsEntry("outcome", "COMPLIED").containsEntry("law", "CCPA §7026(f)");
        Api.Response consents = Staff.apiFor(accounts, port, Role.MARKETING).get("/api/v1/persons/" + sam.id() + "/consents", "email-marketing");
        assertThat(consents.get("optedOutOfSaleSince")).isNotNull();
        // counted in the year's CCPA §7102 metrics: complied with, answered the day it came
        Api.Response metrics = dpo.get("/api/v1/rights/metrics", null);
        Map<String, Object> optOuts = ((List<Map<String, Object>>) metrics.get("ccpa")).stream()
                .filter(l -> l.get("type").equals("OPT_OUT_OF_SALE")).findFirst().orElseThrow();
        assertThat(((Number) optOuts.get("complied")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(optOuts.get("medianDays")).isEqualTo(0.0);
        assertThat(dpo.get("/api/v1/rights/metrics?year=1999", null).status()).isEqualTo(400);
        // the limit on sensitive information, the same way
        ask("LIMIT_SENSITIVE", sam.email(), "US_CA");
        assertThat(Staff.apiFor(accounts, port, Role.MARKETING).get("/api/v1/persons/" + sam.id() + "/consents", "email-marketing")
                .get("limitedSensitiveSince")).isNotNull();
        assertThat(mailsTo(sam.email())).last().satisfies(m -> assertThat(m.getSubject()).isEqualTo(
                "Done: Limit the use of my sensitive personal information"));
    }

    @Autowired
    KeptErasures keptErasures;
    @Autowired
    ForgetList forgetList;

    @Test
    void anErasureKeepsWhatALegalHoldRequiresOnlyThatUntilItsDayThenTheRest() throws Exception {
        String planted = "Planté" + UUID.randomUUID().toString().substring(0, 8);
        Known ines = person("EU", "Note " + planted);
        assertThat(sales.patch("/api/v1/persons/" + ines.id(), "crm", Map.of("addressLine", "3 rue des Factures", "city", "Lyon")).status())
                .isEqualTo(200);
        String holds = "/api/v1/persons/" + ines.id() + "/legal-holds";
        LocalDate until = LocalDate.now().plusYears(9);

        // a hold rests on a legal obligation of the data map, says why without personal data, and ends within its retention
        assertThat(sales.post(holds, null, Map.of("purpose", "accounting", "reason", "Invoices", "until", until.toString())).status()).isEqualTo(403);
        Api.Response wrong = dpo.post(holds, null, Map.of("purpose", "crm", "reason", "", "until", "someday", "colour", "red"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) wrong.get("errors")).extracting(e -> e.get("field")).containsExactlyInAnyOrder("until", "colour");
        assertThat(dpo.post(holds, null, Map.of("purpose", "crm", "reason", "Invoices", "until", until.toString())).raw())
                .contains("not-legal-obligation");
        assertThat(dpo.post(holds, null, Map.of("purpose", "accounting", "reason", "Invoices", "until", LocalDate.now().plusYears(11).toString()))
                .raw()).contains("beyond-retention");
        assertThat(dpo.post(holds, null, Map.of("purpose", "accounting", "reason", "Invoices of " + ines.email(), "until", until.toString()))
                .raw()).contains("personal-data").doesNotContain(ines.email());
        assertThat(dpo.get("/api/v1/persons/" + UUID.randomUUID() + "/legal-holds", null).status()).isEqualTo(404);
        assertThat(dpo.post("/api/v1/persons/" + UUID.randomUUID() + "/legal-holds", null, Map.of("purpose", "accounting", "reason", "Invoices",
                "until", until.toString())).status()).isEqualTo(404);
        Api.Response placed = dpo.post(holds, null, Map.of("purpose", "accounting", "reason", "Invoices of 2026, Code de commerce art. L123-22",
                "until", until.toString()));
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        assertThat(placed.body()).containsEntry("active", true).containsEntry("until", until.toString());

        // a person under a hold is not simply deleted: their erasure goes through a request, which keeps what the hold requires
        Api.Response deleted = sales.delete("/api/v1/persons/" + ines.id(), "crm");
        assertThat(deleted.status()).isEqualTo(409);
        assertThat(deleted.raw()).contains("legal-hold");
        // the DPO's own purpose is no ground for a hold (it covers every field)
        assertThat(dpo.post(holds, null, Map.of("purpose", "data-subject-rights", "reason", "Requests", "until", until.toString())).raw())
                .contains("not-legal-obligation");
        SubjectIdAndNotes before = notesOf(ines.id());
        String request = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "erasure", "personId", ines.id(), "channel", "staff_letter"))
                .get("id");
        Api.Response done = dpo.post("/api/v1/rights/requests/" + request + "/fulfil", null, Map.of());
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        // answered in part, saying what is kept, for what, why and until when
        assertThat(done.body()).containsEntry("outcome", "PARTLY");
        assertThat((String) done.get("outcomeReason")).contains("Last name").contains("Accounting and legal obligations")
                .contains("Code de commerce art. L123-22").doesNotContain("Notes").doesNotContain("Phone")
                // the day as the person reads one (the reason is what they are told)
                .contains("until " + until.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH)));
        assertThat(mailsTo(ines.email())).last().satisfies(m -> {
            assertThat(m.getSubject()).isEqualTo("Your request, in part: Delete my data");
            assertThat(body(m)).contains("except what the law requires us to keep").contains("Address").contains("CNIL");
        });

        // every ciphertext of theirs from before is unreadable (the key is gone); the note and interactions are gone
        crypto.forgetCached(List.of(before.subject()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crypto.decrypt(before.subject(), before.where(), before.ciphertext()))
                .isInstanceOf(RuntimeException.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person_data WHERE subject_id = ? AND notes IS NULL AND last_name IS NOT NULL")
                .param(before.subject().value()).query(Long.class).single()).isEqualTo(1);
        // only a purpose founded on a legal obligation reads what is kept, and only its fields
        assertThat(sales.get("/api/v1/persons/" + ines.id(), "crm").get("reason")).isEqualTo("RESTRICTED");
        Api.Response accounting = dpo.get("/api/v1/persons/" + ines.id(), "accounting");
        assertThat(accounting.status()).as(accounting.raw()).isEqualTo(200);
        assertThat(accounting.raw()).contains("Demande").contains("3 rue des Factures").contains(ines.email()).doesNotContain(planted);
        // the restriction holds as long as something is kept
        Api.Response lift = dpo.delete("/api/v1/persons/" + ines.id() + "/restriction", null);
        assertThat(lift.status()).isEqualTo(400);
        assertThat(lift.raw()).contains("restriction-locked");
        assertThat(forgetList.lines()).anyMatch(l -> l.startsWith("KEPT " + ines.id() + " ") && l.contains("person.last_name"));
        assertThat(dpo.get("/api/v1/audit/verify", null).get("valid")).isEqualTo(true);

        // the day passes, but a hold still holds: the keeping follows it
        jdbc.sql("UPDATE erasure_kept SET kept_until = ? WHERE subject_id = ?").params(LocalDate.now().minusDays(1), before.subject().value()).update();
        assertThat(keptErasures.completeEnded()).isZero();
        assertThat(keptErasures.of(before.subject()).orElseThrow().until()).isEqualTo(until);
        // released (the invoices were cancelled, say) and past its day: the rest goes, for good
        String hold = (String) placed.get("id");
        assertThat(dpo.post(holds + "/" + hold + "/release", null, Map.of()).status()).isEqualTo(400);
        assertThat(dpo.post(holds + "/" + hold + "/release", null, Map.of("reason", "Invoices cancelled")).body()).containsEntry("active", false);
        // released years before its day: the keeping ends now, not on the day it was first set to
        assertThat(keptErasures.completeEnded()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person WHERE subject_id = ?").param(before.subject().value()).query(Long.class).single()).isZero();
        assertThat(tablesHolding(ines.id())).containsOnly("audit_entry", "rights_request_subject", "recipient_notice");
        assertThat(forgetList.erased()).contains(before.subject());
        assertThat((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + request, null).get("history")).extracting(e -> e.get("kind"))
                .contains("KEPT", "FULFILLED", "CLOSED", "ERASED_REST");
        assertThat(dpo.get("/api/v1/audit/verify", null).get("valid")).isEqualTo(true);
    }

    private record SubjectIdAndNotes(io.custodia.shared.SubjectId subject, io.custodia.crypto.CipherContext where, byte[] ciphertext) {
    }

    private SubjectIdAndNotes notesOf(String id) {
        io.custodia.shared.SubjectId subject = io.custodia.shared.SubjectId.of(id);
        byte[] ciphertext = jdbc.sql("SELECT last_name FROM person_data WHERE subject_id = ?").param(subject.value()).query((rs, n) -> rs.getBytes(1))
                .single();
        return new SubjectIdAndNotes(subject, new io.custodia.crypto.CipherContext("person_data", "last_name", subject.value()), ciphertext);
    }

    /** Confirms from the emailed link with these fields; the page that comes back. */
    private HttpResponse<String> confirmWith(String link, Map<String, String> fields) throws Exception {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("t", link.substring(link.indexOf("t=") + 2));
        return visitor.postForm(link, "/privacy/requests/verify", all);
    }

    private String linkIn(MimeMessage message) {
        Matcher link = VERIFY.matcher(body(message));
        assertThat(link.find()).as(body(message)).isTrue();
        return link.group(1);
    }

    @Test
    void aCaliforniansRequestForSpecificPiecesNeedsThreeMatchingDetailsAndASignedDeclaration() throws Exception {
        Known dana = person("US_CA", "Californian");
        assertThat(sales.patch("/api/v1/persons/" + dana.id(), "crm", Map.of("lastName", "Núñez-Ortega", "phones", List.of("+1 (415) 555-0134"),
                "postalCode", "94110", "city", "San Francisco")).status()).isEqualTo(200);
        assertThat(ask("ACCESS", dana.email(), "US_CA").statusCode()).isEqualTo(200);
        String link = linkIn(mailsTo(dana.email()).getFirst());
        String requestId = requestOf(dana.id());
        assertThat(queued(requestId)).containsEntry("verification", "EMAIL_AND_TWO_SIGNED");
        String page = visitor.get(link).body();
        assertThat(page).contains("id=\"data-points\"").contains("id=\"declaration\"").contains("under penalty of perjury");

        // the link alone, an unsigned declaration, one detail only: asked again, no try counted
        assertThat(confirmWith(link, Map.of()).body()).contains("id=\"verify-problem\"").contains("sign it with your full name");
        assertThat(confirmWith(link, Map.of("declare", "true", "signature", "Dana Nunez", "lastName", "Nunez Ortega")).body())
                .contains("Give the number of details asked for");
        // a wrong detail is never outweighed by right ones
        assertThat(confirmWith(link, Map.of("declare", "true", "signature", "Dana Nunez", "lastName", "Nunez Ortega", "phone", "415 555 9999"))
                .body()).contains("Tries left: 2");
        assertThat(queued(requestId)).containsEntry("status", "AWAITING_VERIFICATION");
        // details as the person writes them: without accents, another phone format
        HttpResponse<String> confirmed = confirmWith(link, Map.of("declare", "true", "signature", "Dana Nunez", "lastName", "nunez ortega",
                "phone", "415-555-0134"));
        assertThat(confirmed.body()).contains("id=\"request-confirmed\"");
        assertThat(queued(requestId)).containsEntry("status", "OPEN");
        assertThat((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + requestId, null).get("history"))
                .extracting(e -> e.get("kind")).containsExactly("RECEIVED", "EMAILED", "NOT_VERIFIED", "VERIFIED");
        // the signed declaration is kept as evidence, sealed: the signature is nowhere in clear
        assertThat(tablesHolding("Dana Nunez")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request WHERE id = ? AND declaration IS NOT NULL").param(UUID.fromString(requestId))
                .query(Long.class).single()).isEqualTo(1);

        // a deletion asks one detail; three wrong tries refuse it, with the reason and the right to complain
        assertThat(ask("ERASURE", dana.email(), "US_CA").statusCode()).isEqualTo(200);
        List<MimeMessage> mails = mailsTo(dana.email());
        String deletion = linkIn(mails.getLast());
        assertThat(visitor.get(deletion).body()).contains("id=\"data-points\"").doesNotContain("id=\"declaration\"");
        // a detail no record could hold is said, and is not a try
        assertThat(confirmWith(deletion, Map.of("lastName", "\u0000\u0000\u0000")).body()).contains("this did not count as a try")
                .doesNotContain("Tries left");
        assertThat(confirmWith(deletion, Map.of("phone", "\u202e123")).body()).contains("this did not count as a try");
        assertThat(confirmWith(deletion, Map.of("lastName", "L".repeat(100_000))).body()).contains("this did not count as a try");
        assertThat(confirmWith(deletion, Map.of("city", "Los Angeles")).body()).contains("Tries left: 2");
        assertThat(confirmWith(deletion, Map.of("postalCode", "90001")).body()).contains("Tries left: 1");
        assertThat(confirmWith(deletion, Map.of("city", "Oakland")).body()).contains("id=\"request-refused\"");
        // the link says so again, and gives no more tries
        assertThat(visitor.get(deletion).body()).contains("id=\"request-refused\"");
        assertThat(visitor.postForm("/privacy/requests", "/privacy/requests/verify", Map.of("t", deletion.substring(deletion.indexOf("t=") + 2),
                "city", "San Francisco")).body()).contains("id=\"request-refused\"");
        assertThat(mailsTo(dana.email()).getLast()).satisfies(m -> assertThat(body(m)).contains("could not verify").contains("CNIL"));
        assertThat(sales.get("/api/v1/persons/" + dana.id(), "crm").status()).isEqualTo(200);
        // a GDPR request needs only the emailed link
        Known eu = person("EU", "Européenne");
        ask("ACCESS", eu.email(), "EU");
        String euLink = linkIn(mailsTo(eu.email()).getFirst());
        assertThat(visitor.get(euLink).body()).doesNotContain("id=\"data-points\"");
        assertThat(confirmWith(euLink, Map.of()).body()).contains("id=\"request-confirmed\"");
    }

    /**
     * A Californian who asks to know only the categories confirms with one detail besides the link, no declaration
     * (CCPA regs §7062(b)), and receives the kinds of information held and in how many records, never a value.
     */
    @Test
    void aCaliforniansRequestForTheCategoriesOnlyNeedsTwoDataPointsAndGivesNoValues() throws Exception {
        String planted = "Planté" + UUID.randomUUID().toString().substring(0, 8);
        Known noa = person("US_CA", "Note " + planted);
        assertThat(sales.patch("/api/v1/persons/" + noa.id(), "crm", Map.of("city", "Sacramento")).status()).isEqualTo(200);
        assertThat(sales.post("/api/v1/interactions", "crm", Map.of("personId", noa.id(), "kind", "CALL", "summary", "Appel " + planted))
                .status()).isEqualTo(201);
        assertThat(visitor.postForm("/privacy/requests", "/privacy/requests", Map.of("type", "ACCESS", "email", noa.email(),
                "jurisdiction", "US_CA", "categoriesOnly", "true")).statusCode()).isEqualTo(200);
        String requestId = requestOf(noa.id());
        assertThat(queued(requestId)).containsEntry("verification", "EMAIL_AND_ONE");
        String link = linkIn(mailsTo(noa.email()).getFirst());
        assertThat(visitor.get(link).body()).contains("id=\"data-points\"").doesNotContain("id=\"declaration\"");
        assertThat(confirmWith(link, Map.of("city", "sacramento")).body()).contains("id=\"request-confirmed\"");
        Map<String, Object> open = dpo.get("/api/v1/rights/requests/" + requestId, null).body();
        assertThat(open).containsEntry("scope", "categories").containsEntry("status", "OPEN");
        // the queue counts a Californian's days left from today in California, where its due day was set
        java.time.Instant asked = java.time.Instant.now();
        Map<String, Object> queue = dpo.get("/api/v1/rights/requests", null).body();
        java.time.Instant answered = java.time.Instant.now();
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris"), losAngeles = java.time.ZoneId.of("America/Los_Angeles");
        assertThat(queue.get("today")).isIn(LocalDate.ofInstant(asked, paris).toString(), LocalDate.ofInstant(answered, paris).toString());
        assertThat(queue.get("todayInCalifornia")).isIn(LocalDate.ofInstant(asked, losAngeles).toString(),
                LocalDate.ofInstant(answered, losAngeles).toString());
        Map<String, Object> listed = ((List<Map<String, Object>>) queue.get("items")).stream().filter(r -> requestId.equals(r.get("id")))
                .findFirst().orElseThrow();
        assertThat(java.time.LocalDate.parse((String) queue.get("todayInCalifornia")).plusDays(((Number) listed.get("daysLeft")).longValue()))
                .hasToString((String) listed.get("dueOn"));
        assertThat(dpo.post("/api/v1/rights/requests/" + requestId + "/fulfil", null, Map.of()).status()).isEqualTo(200);

        Map<String, String> files = unzip(downloadFrom(noa.email(), 2));
        // the record's kinds of information named as on the person's page
        assertThat(files.get("index.html")).contains("The kinds of data we hold on you").contains("Kind of information")
                .contains("<td>City</td>").contains("<td>First name</td>").contains("<td>Summary</td>").contains("CNIL");
        assertThat(files.get("person.csv")).startsWith("\"category\",\"records\"").contains("\"city\",\"1\"");
        assertThat(files.get("data.json")).contains("categories (CCPA");
        for (String file : files.values()) assertThat(file).doesNotContain(planted).doesNotContain(noa.email()).doesNotContain("Sacramento");

        // the categories alone are a Californian's request to know: asked of anything else, refused by name
        Known eu = person("EU", "Européenne");
        Api.Response refused = dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", eu.id(), "channel", "email",
                "scope", "categories"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.raw()).contains("scope");
        assertThat(dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", noa.id(), "channel", "email", "scope", "some"))
                .status()).isEqualTo(400);
        // a request the person's law does not name is still taken, on the clock of their law (more protection is never refused)
        Api.Response optOutInEurope = dpo.post("/api/v1/rights/requests", null, Map.of("type", "opt_out_of_sale", "personId", eu.id(), "channel", "email"));
        assertThat(optOutInEurope.status()).as(optOutInEurope.raw()).isEqualTo(201);
        assertThat(optOutInEurope.body()).containsEntry("law", "GDPR Art. 12(3)");
    }

    /** A request's id and the token of its emailed link. */
    private record Pending(String requestId, String token) {
    }

    /** A Californian living in San Francisco asks on the privacy centre to be deleted: the link asks one more detail. */
    private Pending deletionAwaitingOneDetail(Known californian) throws Exception {
        assertThat(sales.patch("/api/v1/persons/" + californian.id(), "crm", Map.of("city", "San Francisco")).status()).isEqualTo(200);
        assertThat(ask("ERASURE", californian.email(), "US_CA").statusCode()).isEqualTo(200);
        String link = linkIn(mailsTo(californian.email()).getFirst());
        return new Pending(requestOf(californian.id()),
                java.net.URLDecoder.decode(link.substring(link.indexOf("t=") + 2), java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Wrong details sent at once (several tabs, a script) are counted one at a time under the request's row lock:
     * three tries, one refusal and one email saying so, never a fourth try.
     */
    @Test
    void wrongDetailsSentAtOnceAreCountedOneAtATime() throws Exception {
        Known sam = person("US_CA", "Californian");
        Pending deletion = deletionAwaitingOneDetail(sam);
        String token = deletion.token();
        String requestId = deletion.requestId();
        int tabs = 6;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(tabs);
        List<java.util.concurrent.Future<RightsRequests.Confirmation>> tries = new java.util.ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            DataPoints wrong = new DataPoints(null, null, null, "Oakland " + i);
            tries.add(pool.submit(() -> {
                start.await();
                return requests.confirm(token, wrong, false, null);
            }));
        }
        start.countDown();
        List<String> problems = new java.util.ArrayList<>();
        for (var t : tries) problems.add(t.get(30, java.util.concurrent.TimeUnit.SECONDS).problem());
        pool.shutdown();

        assertThat(problems).containsExactlyInAnyOrder("mismatch", "mismatch", "refused", "refused", "refused", "refused");
        assertThat(jdbc.sql("SELECT verification_attempts FROM rights_request WHERE id = ?").param(UUID.fromString(requestId))
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(queued(requestId)).containsEntry("status", "CLOSED").containsEntry("outcome", "DENIED");
        assertThat((List<Map<String, Object>>) dpo.get("/api/v1/rights/requests/" + requestId, null).get("history"))
                .extracting(e -> e.get("kind")).containsExactly("RECEIVED", "EMAILED", "NOT_VERIFIED", "NOT_VERIFIED", "NOT_VERIFIED", "CLOSED");
        assertThat(mailsTo(sam.email())).filteredOn(m -> body(m).contains("could not verify")).hasSize(1);
    }

    /** The mail server down when the last try fails: the refusal stands all the same, and gives no more tries. */
    @Test
    void aRefusalAfterTheLastFailedTryStandsWhenItsEmailCannotBeSent() throws Exception {
        Known kim = person("US_CA", "Californian");
        Pending deletion = deletionAwaitingOneDetail(kim);
        String token = deletion.token();
        String requestId = deletion.requestId();
        DataPoints wrong = new DataPoints(null, null, null, "Oakland");
        assertThat(requests.confirm(token, wrong, false, null).problem()).isEqualTo("mismatch");
        assertThat(requests.confirm(token, wrong, false, null).problem()).isEqualTo("mismatch");
        SMTP.stop();
        assertThat(requests.confirm(token, wrong, false, null).problem()).isEqualTo("refused");
        assertThat(queued(requestId)).containsEntry("status", "CLOSED").containsEntry("outcome", "DENIED");
        // the right details now change nothing: the request was refused
        RightsRequests.Confirmation late = requests.confirm(token, new DataPoints(null, null, null, "San Francisco"), false, null);
        assertThat(late.problem()).isEqualTo("refused");
        assertThat(late.attemptsLeft()).isZero();
        assertThat(jdbc.sql("SELECT verification_attempts FROM rights_request WHERE id = ?").param(UUID.fromString(requestId))
                .query(Integer.class).single()).isEqualTo(3);
        // each failed try is in the ledger as a refusal, with its number and never the details given
        assertThat(requestSteps(requestId)).containsExactly("step=received", "step=not-verified; try=1/3 DENIED", "step=not-verified; try=2/3 DENIED",
                "step=not-verified; try=3/3 DENIED", "step=closed; outcome=DENIED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE detail LIKE '%Oakland%'").query(Long.class).single()).isZero();
    }

    /** The ledger's RIGHTS_REQUEST entries of a request, oldest first: the step (and the outcome when it is not ALLOWED). */
    private List<String> requestSteps(String requestId) {
        return jdbc.sql("SELECT detail, outcome FROM audit_entry WHERE action = 'RIGHTS_REQUEST' AND detail LIKE ? ORDER BY seq")
                .param("%request=" + requestId + ";%").query((rs, n) -> {
                    String detail = rs.getString(1);
                    String step = detail.substring(detail.indexOf("step="));
                    if (step.startsWith("step=received")) step = "step=received";
                    return "ALLOWED".equals(rs.getString(2)) ? step : step + " " + rs.getString(2);
                }).list();
    }

    @Test
    void anAuthorisedAgentAsksWithProofOfPermissionAndThePersonConfirms() throws Exception {
        Known omar = person("US_CA", "Agent test");
        String agentEmail = "agent." + UUID.randomUUID().toString().substring(0, 8) + "@privacy-agents.example";
        byte[] pdf = "%PDF-1.4 I, Omar, permit my agent to ask for my data. Signed.".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> fields = Map.of("type", "OPT_OUT_OF_SALE", "email", omar.email(), "jurisdiction", "US_CA", "byAgent", "true",
                "agentName", "Privacy Agents Inc.", "agentEmail", agentEmail);

        // bad input: no proof, a file that is not a PDF or image, a bad address; nothing recorded
        HttpResponse<String> noProof = visitor.postMultipart("/privacy/requests", "/privacy/requests", fields, Map.of());
        assertThat(noProof.body()).contains("Attach the permission the person signed");
        HttpResponse<String> notPdf = visitor.postMultipart("/privacy/requests", "/privacy/requests", fields,
                Map.of("permission", new io.custodia.support.Visitor.FilePart("permission.pdf", "application/pdf", "MZ not a pdf".getBytes())));
        assertThat(notPdf.body()).contains("Attach the permission the person signed");
        byte[] huge = new byte[RightsRequests.MAX_PERMISSION + 1];
        System.arraycopy(pdf, 0, huge, 0, pdf.length);
        assertThat(visitor.postMultipart("/privacy/requests", "/privacy/requests", fields,
                Map.of("permission", new io.custodia.support.Visitor.FilePart("big.pdf", "application/pdf", huge))).body())
                .contains("Attach the permission the person signed");
        Map<String, String> phishing = new java.util.HashMap<>(fields);
        phishing.put("agentName", "Call +1 800 555 0100 or visit https://evil.example");
        assertThat(visitor.postMultipart("/privacy/requests", "/privacy/requests", phishing,
                Map.of("permission", new io.custodia.support.Visitor.FilePart("p.pdf", "application/pdf", pdf))).body())
                .contains("Give your name");
        Map<String, String> badAgent = new java.util.HashMap<>(fields);
        badAgent.put("agentEmail", "not an address");
        assertThat(visitor.postMultipart("/privacy/requests", "/privacy/requests", badAgent,
                Map.of("permission", new io.custodia.support.Visitor.FilePart("p.pdf", "application/pdf", pdf))).body())
                .contains("Give an email address such as");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request_subject WHERE subject_id = ?").param(UUID.fromString(omar.id()))
                .query(Long.class).single()).isZero();

        // an access request by the agent: the person confirms from their own mailbox, the agent is told it is received
        Map<String, String> access = new java.util.HashMap<>(fields);
        access.put("type", "ACCESS");
        HttpResponse<String> sent = visitor.postMultipart("/privacy/requests", "/privacy/requests", access,
                Map.of("permission", new io.custodia.support.Visitor.FilePart("permission.pdf", "application/pdf", pdf)));
        assertThat(sent.body()).contains("Request received");
        assertThat(mailsTo(agentEmail)).singleElement().satisfies(m -> assertThat(body(m)).contains("on someone").contains("answer them directly"));
        MimeMessage toOmar = mailsTo(omar.email()).getFirst();
        assertThat(body(toOmar)).contains("Privacy Agents Inc. told us they act for you");
        String requestId = requestOf(omar.id());
        assertThat(queued(requestId)).containsEntry("byAgent", true).containsEntry("status", "AWAITING_VERIFICATION");
        // the person confirms it themself, proving who they are as for any request for specific pieces (§7063(a))
        assertThat(sales.patch("/api/v1/persons/" + omar.id(), "crm", Map.of("phones", List.of("+1 415 555 0199"))).status()).isEqualTo(200);
        assertThat(confirmWith(linkIn(toOmar), Map.of("declare", "true", "signature", "Omar", "lastName", lastNameOf(omar),
                "phone", "(415) 555-0199")).body()).contains("id=\"request-confirmed\"");
        // the DPO sees who acted and the proof, each a recorded read
        Api.Response detail = dpo.get("/api/v1/rights/requests/" + requestId, null);
        assertThat((List<Map<String, Object>>) detail.get("history")).extracting(e -> e.get("kind")).contains("AGENT");
        assertThat(tablesHolding("Privacy Agents")).isEmpty();
        assertThat(tablesHolding(agentEmail)).isEmpty();
        Optional<String[]> agent = requests.agent(io.custodia.identity.Actor.system(java.util.Set.of(Role.DPO)), UUID.fromString(requestId));
        assertThat(agent).hasValueSatisfying(a -> assertThat(a).containsExactly("Privacy Agents Inc.", agentEmail));
        assertThat(requests.permission(io.custodia.identity.Actor.system(java.util.Set.of(Role.DPO)), UUID.fromString(requestId)))
                .hasValueSatisfying(p -> {
                    assertThat(p.getKey()).isEqualTo("application/pdf");
                    assertThat(p.getValue()).isEqualTo(pdf);
                });
        // an agent's letter, entered by the DPO with its proof: kept the same way, the agent told it is received
        String letterAgent = "letters." + UUID.randomUUID().toString().substring(0, 8) + "@privacy-agents.example";
        Api.Response badLetter = dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", omar.id(), "channel", "staff_letter",
                "agent", Map.of("name", "", "email", letterAgent, "permission", "not base64 !")));
        assertThat(badLetter.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) badLetter.get("errors")).extracting(e -> e.get("field")).contains("agent.permission");
        Api.Response letter = dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", omar.id(), "channel", "staff_letter",
                "agent", Map.of("name", "Privacy Agents Inc.", "email", letterAgent, "permission", java.util.Base64.getEncoder().encodeToString(pdf))));
        assertThat(letter.status()).as(letter.raw()).isEqualTo(201);
        assertThat(letter.body()).containsEntry("byAgent", true).containsEntry("status", "OPEN");
        assertThat(mailsTo(letterAgent)).singleElement().satisfies(m -> assertThat(body(m)).contains("answer them directly"));
        assertThat(requests.permission(io.custodia.identity.Actor.system(java.util.Set.of(Role.DPO)), UUID.fromString((String) letter.get("id"))))
                .hasValueSatisfying(p -> assertThat(p.getValue()).isEqualTo(pdf));

        // erasing the person takes the agent's proof with the rest
        String erasure = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "erasure", "personId", omar.id(), "channel", "staff_letter"))
                .get("id");
        assertThat(dpo.post("/api/v1/rights/requests/" + erasure + "/fulfil", null, Map.of()).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request WHERE id = ? AND agent IS NULL AND agent_permission IS NULL")
                .param(UUID.fromString(requestId)).query(Long.class).single()).isEqualTo(1);
    }

    private String lastNameOf(Known known) {
        return (String) sales.get("/api/v1/persons/" + known.id(), "crm").get("lastName");
    }

    @Test
    void theDpoTakesARequestByPhoneExtendsItOnceAndRefusesItWithReasons() throws Exception {
        Known noor = person("EU", "Demande par téléphone");
        Api.Response entered = dpo.post("/api/v1/rights/requests", null, Map.of("type", "rectification", "personId", noor.id(), "channel", "staff_phone"));
        assertThat(entered.status()).as(entered.raw()).isEqualTo(201);
        assertThat(entered.get("mailed")).isEqualTo(true);
        String id = (String) entered.get("id");
        assertThat(entered.body()).containsEntry("status", "OPEN").containsEntry("channel", "STAFF_PHONE");
        assertThat(mailsTo(noor.email())).singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Request confirmed: Correct my data"));
        // a correction is answered by the DPO, not carried out by Custodia (yet)
        assertThat(dpo.post("/api/v1/rights/requests/" + id + "/fulfil", null, Map.of()).status()).isEqualTo(400);
        assertThat(dpo.post("/api/v1/rights/requests/" + id + "/extend", null, Map.of()).status()).isEqualTo(400);
        Api.Response extended = dpo.post("/api/v1/rights/requests/" + id + "/extend", null,
                Map.of("reason", "Your request covers ten years of archives kept off site."));
        assertThat(extended.status()).as(extended.raw()).isEqualTo(200);
        assertThat(extended.body()).containsEntry("status", "EXTENDED").containsEntry("dueOn", extended.get("extendableTo"));
        // the new day as the person reads a day, not 2027-03-01
        String newDay = java.time.LocalDate.parse((String) extended.get("dueOn")).format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy",
                java.util.Locale.ENGLISH));
        assertThat(mailsTo(noor.email())).hasSize(2).last().satisfies(m -> assertThat(body(m)).contains("ten years of archives")
                .contains("answer by " + newDay + " at the latest"));
        assertThat(dpo.post("/api/v1/rights/requests/" + id + "/extend", null, Map.of("reason", "Again")).status()).isEqualTo(400);

        assertThat(dpo.post("/api/v1/rights/requests/" + id + "/answer", null, Map.of("outcome", "DENIED")).status()).isEqualTo(400);
        Api.Response leaky = dpo.post("/api/v1/rights/requests/" + id + "/answer", null, Map.of("outcome", "DENIED",
                "reason", "Ask " + noor.email() + " instead"));
        assertThat(leaky.status()).isEqualTo(400);
        assertThat(leaky.raw()).doesNotContain(noor.email());
        Api.Response denied = dpo.post("/api/v1/rights/requests/" + id + "/answer", null, Map.of("outcome", "denied",
                "reason", "The request is manifestly excessive: it repeats one answered last week."));
        assertThat(denied.body()).containsEntry("status", "CLOSED").containsEntry("outcome", "DENIED");
        assertThat(mailsTo(noor.email())).hasSize(3).last().satisfies(m -> assertThat(body(m)).contains("manifestly excessive").contains("CNIL"));
        assertThat(dpo.post("/api/v1/rights/requests/" + id + "/answer", null, Map.of("outcome", "COMPLIED")).status()).isEqualTo(400);

        // a copy of someone's data goes by an emailed link: with no address on record, the request is not closed as complied with
        String unreachable = (String) sales.post("/api/v1/persons", "crm", Map.of("firstName", "Sans", "lastName", "Adresse",
                "phones", List.of("+33 6 11 22 33 44"))).get("id");
        Api.Response proposing = dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", unreachable, "channel", "staff_phone",
                "proposal", "x".repeat(100_000)));
        assertThat(proposing.status()).isEqualTo(400);
        assertThat(proposing.raw()).contains("only a rectification request takes a proposal");
        // a correction sent as an object (or a number) is said, not read as none and lost
        Api.Response objectProposal = dpo.post("/api/v1/rights/requests", null, Map.of("type", "rectification", "personId", unreachable,
                "channel", "staff_phone", "proposal", Map.of("lastName", "Corrigé")));
        assertThat(objectProposal.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) objectProposal.get("errors")).extracting(e -> e.get("field"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("proposal", "wrong-type"));
        String access = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", unreachable, "channel", "staff_phone"))
                .get("id");
        Api.Response withFields = dpo.post("/api/v1/rights/requests/" + access + "/fulfil", null, Map.of("bogus", 1));
        assertThat(withFields.status()).isEqualTo(400);
        assertThat(withFields.raw()).contains("bogus").contains("\"unknown-field\"");
        Api.Response undeliverable = dpo.post("/api/v1/rights/requests/" + access + "/fulfil", null, Map.of());
        assertThat(undeliverable.status()).isEqualTo(400);
        assertThat(undeliverable.raw()).contains("no-address").contains("no email address is recorded");
        assertThat(dpo.get("/api/v1/rights/requests/" + access, null).get("status")).isEqualTo("OPEN");

        // an objection, carried out: every prospecting, marketing and legitimate-interest purpose stops for them
        String objection = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "objection", "personId", noor.id(), "channel", "email"))
                .get("id");
        assertThat(dpo.post("/api/v1/rights/requests/" + objection + "/fulfil", null, Map.of()).status()).isEqualTo(200);
        assertThat(sales.get("/api/v1/persons/" + noor.id(), "prospecting").get("reason")).isEqualTo("OBJECTED");
        assertThat(sales.get("/api/v1/persons/" + noor.id(), "crm").status()).isEqualTo(200);

        // bad input, field by field; and only the DPO
        Api.Response bad = dpo.post("/api/v1/rights/requests", null, Map.of("type", "teleport", "personId", "x", "channel", "privacy_centre",
                "colour", "blue"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) bad.get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("type", "personId", "channel", "colour");
        assertThat(sales.get("/api/v1/rights/requests", null).status()).isEqualTo(403);
        assertThat(dpo.post("/api/v1/rights/requests", null, Map.of("type", "access", "personId", UUID.randomUUID().toString(),
                "channel", "staff_letter")).status()).isEqualTo(404);
    }

    @Test
    void unconfirmedRequestsExpireAndOverdueOnesShowRed() throws Exception {
        Known ana = person("EU", "Jamais confirmée");
        ask("ACCESS", ana.email(), "EU");
        String requestId = requestOf(ana.id());
        Matcher link = VERIFY.matcher(body(mailsTo(ana.email()).getFirst()));
        assertThat(link.find()).isTrue();
        jdbc.sql("UPDATE rights_request SET received_at = received_at - INTERVAL '15' DAY WHERE id = ?").param(UUID.fromString(requestId)).update();
        assertThat(requests.expireUnverified()).isGreaterThanOrEqualTo(1);
        assertThat(queued(requestId)).containsEntry("status", "EXPIRED").containsEntry("outcome", "UNVERIFIED");
        assertThat(visitor.get(link.group(1)).statusCode()).isEqualTo(410);
        assertThat(requestSteps(requestId)).containsExactly("step=received", "step=expired; outcome=UNVERIFIED");

        Known late = person("EU", "En retard");
        String id = (String) dpo.post("/api/v1/rights/requests", null, Map.of("type", "rectification", "personId", late.id(), "channel", "email"))
                .get("id");
        jdbc.sql("UPDATE rights_request SET due_on = ? WHERE id = ?").params(LocalDate.now().minusDays(2), UUID.fromString(id)).update();
        assertThat(queued(id)).containsEntry("urgency", "overdue");
        assertThat(((Number) queued(id).get("daysLeft")).longValue()).isNegative();
        // the DPO is emailed about what is overdue or due soon
        int before = mailsTo("dpo@example.com").size();
        assertThat(requests.alertDpo()).isGreaterThanOrEqualTo(1);
        assertThat(mailsTo("dpo@example.com")).hasSize(before + 1).last().satisfies(m -> assertThat(m.getSubject()).contains("overdue"));
        // records are kept 24 months after closing (CCPA §7101), then deleted with their history
        jdbc.sql("UPDATE rights_request SET closed_at = closed_at - INTERVAL '25' MONTH WHERE id = ?").param(UUID.fromString(requestId)).update();
        assertThat(requests.deleteOldRecords()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rights_request_event WHERE request_id = ?").param(UUID.fromString(requestId)).query(Long.class)
                .single()).isZero();
        assertThat(requestSteps(requestId)).last().isEqualTo("step=records-deleted; retention=P24M");

        // at most three requests per address in ten minutes: the fourth gets the same page, and no email
        Known busy = person("EU", "Beaucoup de demandes");
        for (int i = 0; i < 4; i++) assertThat(ask("OBJECTION", busy.email(), "EU").body()).contains("id=\"request-sent\"");
        assertThat(mailsTo(busy.email())).hasSize(3);
    }
}
