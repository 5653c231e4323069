package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.access.AccessRequest;
import io.custodia.access.PersonalDataGateway;
import io.custodia.identity.AccountService;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.policy.PurposeRefusedException;
import io.custodia.shared.SubjectId;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 3, "What it records": every act on personal data and every security event reaches the ledger
 * with ids, purposes and field names, never a value; writes' entries share their transaction's fate,
 * denials are kept; and under concurrency every act is there exactly once in a gapless chain.
 */
abstract class LedgerEvidenceTests {

    @Autowired
    AccountService accounts;
    @Autowired
    PersonService persons;
    @Autowired
    PersonalDataGateway gateway;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    AuditLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @LocalServerPort
    int port;

    record Row(String actorKind, String actorId, String action, String purpose, UUID subject, String outcome, String detail,
            String correlationId) {
    }

    List<Row> entries(String where, Object... params) {
        return jdbc.sql("SELECT actor_kind, actor_id, action, purpose, subject_id, outcome, detail, correlation_id FROM audit_entry WHERE "
                + where + " ORDER BY seq").params(params).query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getString(8))).list();
    }

    /** Every text column of the ledger, to look for planted values. */
    String wholeLedger() {
        return String.join("\n", jdbc.sql("SELECT actor_kind || '|' || actor_id || '|' || action || '|' || COALESCE(purpose, '') || '|'"
                + " || outcome || '|' || detail || '|' || COALESCE(correlation_id, '') FROM audit_entry").query(String.class).list());
    }

    @Test
    void apiReadsSearchesWritesAndDenialsAreRecordedWithTheirRequestAndNoValue() {
        String u = UUID.randomUUID().toString().substring(0, 8);
        Api sales = Staff.apiFor(accounts, port, Role.SALES);
        String email = "planted." + u + "@exemple.fr";
        String requestId = UUID.randomUUID().toString();
        Api.Response created = sales.withRequestId(requestId).post("/api/v1/persons", "crm",
                Map.of("firstName", "Plantée" + u, "lastName", "Valeur" + u, "emails", List.of(email), "notes", "appeler au 06 12 34 56 78"));
        assertThat(created.status()).isEqualTo(201);
        UUID id = UUID.fromString((String) created.get("id"));

        List<Row> create = entries("correlation_id = ?", requestId);
        assertThat(create).extracting(Row::action).contains("CREATE");
        Row createRow = create.stream().filter(r -> r.action().equals("CREATE")).findFirst().orElseThrow();
        assertThat(createRow.subject()).isEqualTo(id);
        assertThat(createRow.purpose()).isEqualTo("crm");
        assertThat(createRow.actorKind()).isEqualTo("API_TOKEN");
        assertThat(createRow.detail()).contains("record=person", "fields=emails,first_name,last_name,notes", "account=");

        String readId = UUID.randomUUID().toString();
        String searchId = UUID.randomUUID().toString();
        String patchId = UUID.randomUUID().toString();
        String deniedId = UUID.randomUUID().toString();
        String unknownId = UUID.randomUUID().toString();
        assertThat(sales.withRequestId(readId).get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        Row read = entries("correlation_id = ?", readId).getFirst();
        assertThat(read.action()).isEqualTo("READ");
        assertThat(read.subject()).isEqualTo(id);
        assertThat(read.outcome()).isEqualTo("ALLOWED");
        assertThat(read.detail()).contains("emails");

        assertThat(sales.withRequestId(searchId).post("/api/v1/persons/search", "crm", Map.of("query", email)).status()).isEqualTo(200);
        List<Row> search = entries("correlation_id = ?", searchId);
        assertThat(search).extracting(Row::action).containsExactly("SEARCH", "READ");
        assertThat(search.getFirst().subject()).isNull();
        assertThat(search.getFirst().detail()).contains("kind=email", "results=1");

        assertThat(sales.withRequestId(patchId).patch("/api/v1/persons/" + id, "crm", Map.of("jobTitle", "Acheteuse")).status())
                .isEqualTo(200);
        assertThat(entries("correlation_id = ? AND action = 'UPDATE'", patchId)).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("fields=job_title"));

        // a purpose the token's roles do not grant: refused, and the refusal is evidence too
        Api.Response refused = sales.withRequestId(deniedId).get("/api/v1/persons/" + id, "data-subject-rights");
        assertThat(refused.status()).isEqualTo(403);
        Row denied = entries("correlation_id = ?", deniedId).getFirst();
        assertThat(denied.action()).isEqualTo("DENIED");
        assertThat(denied.outcome()).isEqualTo("DENIED");
        assertThat(denied.subject()).isEqualTo(id);
        assertThat(denied.purpose()).isEqualTo("data-subject-rights");
        assertThat(denied.detail()).contains("attempted=READ", "reason=PURPOSE_NOT_GRANTED");

        // a purpose nobody declared: recorded without the text the client sent
        sales.withRequestId(unknownId).get("/api/v1/persons/" + id, "x-" + email);
        Row unknown = entries("correlation_id = ?", unknownId).getFirst();
        assertThat(unknown.purpose()).isNull();
        assertThat(unknown.detail()).contains("reason=PURPOSE_UNKNOWN");

        String ledger = wholeLedger();
        assertThat(ledger).doesNotContain(email).doesNotContain("Plantée" + u).doesNotContain("Valeur" + u)
                .doesNotContain("06 12 34 56 78").doesNotContain("Acheteuse");
        assertThat(verifier.verify().valid()).isTrue();
    }

    @Test
    void aWritesEntriesVanishWithItsRollbackButItsDenialStays() {
        Actor staff = Actor.staff(UUID.randomUUID().toString(), Set.of(Role.SALES));
        SubjectId subject = new SubjectId(UUID.randomUUID());
        transactions.executeWithoutResult(status -> {
            gateway.createPerson(new AccessRequest(staff, "crm"), subject, Map.of("person.last_name", "Annulée"));
            status.setRollbackOnly();
        });
        assertThat(entries("subject_id = ?", subject.value())).isEmpty();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                gateway.createPerson(new AccessRequest(staff, "email-marketing"), subject, Map.of("person.last_name", "Refusée"))))
                .isInstanceOf(PurposeRefusedException.class);
        assertThat(entries("subject_id = ?", subject.value())).singleElement()
                .satisfies(r -> assertThat(r.action()).isEqualTo("DENIED"))
                .satisfies(r -> assertThat(r.detail()).contains("attempted=CREATE"));
        assertThat(verifier.verify().valid()).isTrue();
    }

    /**
     * A read inside a write (a request carried out, an erasure keeping held fields) has read: its entry is durable before
     * the read returns, and stays when the write then rolls back, as the read's data may already have left (an email).
     */
    @Test
    void aReadInsideAWriteIsRecordedAtOnceAndStaysWhenTheWriteRollsBack() {
        Actor staff = Actor.staff(UUID.randomUUID().toString(), Set.of(Role.SALES));
        SubjectId subject = storedPerson(staff, "Lue");
        transactions.executeWithoutResult(status -> {
            assertThat(gateway.readPerson(new AccessRequest(staff, "crm"), subject)).isPresent();
            // durable already, before the transaction ends: another connection sees it
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE subject_id = ? AND action = 'READ'").param(subject.value())
                    .query(Long.class).single()).isEqualTo(1);
            gateway.updatePerson(new AccessRequest(staff, "crm"), subject, Map.of("person.city", "Annulée"));
            status.setRollbackOnly();
        });
        assertThat(entries("subject_id = ?", subject.value())).extracting(Row::action).containsExactly("CREATE", "READ");
        assertThat(verifier.verify().valid()).isTrue();
    }

    /** A person stored by this staff member under crm, in a transaction of its own (one CREATE entry). */
    private SubjectId storedPerson(Actor staff, String lastName) {
        SubjectId subject = new SubjectId(UUID.randomUUID());
        transactions.executeWithoutResult(status -> gateway.createPerson(new AccessRequest(staff, "crm"), subject,
                Map.of("person.last_name", lastName)));
        return subject;
    }

    /** A transaction that locked the head itself (a command's append) keeps its reads with it: the committer would wait for it. */
    @Test
    void aReadAfterAnAppendInTheSameTransactionCommitsWithIt() {
        Actor staff = Actor.staff(UUID.randomUUID().toString(), Set.of(Role.SALES));
        SubjectId subject = storedPerson(staff, "Commande");
        // (were the read sent to the committer, it would wait for the head this transaction holds, then fail: unavailable)
        transactions.executeWithoutResult(status -> {
            ledger.append(io.custodia.audit.AuditEvent.of("SYSTEM", "system", io.custodia.audit.AuditAction.ACCOUNT_CHANGED,
                    io.custodia.audit.AuditOutcome.ALLOWED).withDetail("test=append-then-read"));
            assertThat(gateway.readPerson(new AccessRequest(staff, "crm"), subject)).isPresent();
        });
        assertThat(entries("subject_id = ?", subject.value())).extracting(Row::action).containsExactly("CREATE", "READ");
        assertThat(verifier.verify().valid()).isTrue();
    }

    @Test
    void accountAndTokenChangesAreRecordedWithTheirIds() {
        var account = accounts.createAccount("ev" + UUID.randomUUID().toString().substring(0, 8), "Évé Nement", Staff.PASSWORD,
                Set.of(Role.SALES), false);
        String id = account.id().toString();
        var token = accounts.issueToken(account.id(), "ERP", null);
        accounts.setRoles(account.id(), Set.of(Role.SALES, Role.SUPPORT));
        assertThatThrownBy(() -> accounts.changePassword(account.id(), "not the password at all", "another long passphrase 99"))
                .isInstanceOf(io.custodia.identity.AccountException.class);
        accounts.revokeToken(account.id(), token.id());

        List<Row> rows = entries("detail LIKE ? OR actor_id = ?", "%account=" + id + "%", id);
        assertThat(rows).extracting(Row::action)
                .containsExactly("ACCOUNT_CHANGED", "TOKEN_CREATED", "ACCOUNT_CHANGED", "LOGIN_FAILED", "TOKEN_REVOKED");
        assertThat(rows.get(1).detail()).contains("token=" + token.id());
        assertThat(rows.get(2).detail()).contains("roles=SALES,SUPPORT");
        assertThat(rows.get(3).detail()).contains("reason=current-password-wrong");
        assertThat(wholeLedger()).doesNotContain("Évé Nement").doesNotContain(token.secret()).doesNotContain(Staff.PASSWORD);
    }

    /** ASVS V16.3: failed authentication and refused authorisation are security events; no secret and no typed value in them. */
    @Test
    void refusedTokensRoleRefusalsAndSecondFactorFailuresAreRecordedWithoutSecrets() {
        var account = accounts.createAccount("rf" + UUID.randomUUID().toString().substring(0, 8), "Ré Fusé", Staff.PASSWORD,
                Set.of(Role.SALES), false);
        var token = accounts.issueToken(account.id(), "ERP", null);
        String tokenId = token.id().toString();
        Api api = new Api(port, token.secret());
        // Sales asks for the ledger, and for an address with a value typed into it
        assertThat(api.get("/api/v1/audit/entries", null).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/rights/jeanne.dupont@exemple.fr", null).status()).isEqualTo(403);
        assertThat(entries("action = 'DENIED' AND actor_id = ?", tokenId)).extracting(Row::outcome, Row::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DENIED", "account=" + account.id() + "; attempted=GET /api/v1/audit/entries; reason=ROLE"),
                org.assertj.core.groups.Tuple.tuple("DENIED", "account=" + account.id() + "; attempted=GET /api/v1/rights/*; reason=ROLE"));

        // the token revoked, then used; a secret that is no token
        accounts.revokeToken(account.id(), token.id());
        assertThat(api.get("/api/v1/persons", "crm").status()).isEqualTo(401);
        assertThat(entries("action = 'LOGIN_FAILED' AND actor_id = ?", tokenId)).extracting(Row::actorKind, Row::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("API_TOKEN", "method=api-token; reason=revoked"));
        int unknown = entries("action = 'LOGIN_FAILED' AND detail = 'method=api-token; reason=unknown-token'").size();
        assertThat(new Api(port, "cst_not-a-token-at-all").get("/api/v1/persons", "crm").status()).isEqualTo(401);
        assertThat(entries("action = 'LOGIN_FAILED' AND detail = 'method=api-token; reason=unknown-token'")).hasSize(unknown + 1);

        // a wrong code while enrolling the second factor (one that is none of the codes the window accepts)
        var secret = accounts.newTotpSecret();
        var totp = io.custodia.identity.totp.Totp.sha1Default();
        java.time.Instant now = java.time.Instant.now();
        Set<String> valid = Set.of(totp.code(secret.bytes(), now.minusSeconds(60)), totp.code(secret.bytes(), now.minusSeconds(30)),
                totp.code(secret.bytes(), now), totp.code(secret.bytes(), now.plusSeconds(30)), totp.code(secret.bytes(), now.plusSeconds(60)));
        String wrong = java.util.stream.IntStream.range(0, 10).mapToObj(i -> String.format("%06d", i)).filter(c -> !valid.contains(c))
                .findFirst().orElseThrow();
        assertThat(accounts.confirmTotp(account.id(), secret, wrong)).isFalse();
        assertThat(entries("action = 'SECOND_FACTOR_FAILED' AND actor_id = ?", account.id().toString())).extracting(Row::detail)
                .containsExactly("during=enrolment");

        assertThat(wholeLedger()).doesNotContain(token.secret()).doesNotContain("cst_not-a-token").doesNotContain("jeanne")
                .doesNotContain("Ré Fusé");
        // resetting the second factor of an account that does not exist is refused, and records no change
        UUID nobody = UUID.randomUUID();
        assertThatThrownBy(() -> accounts.resetTotp(nobody)).isInstanceOf(io.custodia.identity.AccountException.class);
        assertThat(entries("detail LIKE ?", "%" + nobody + "%")).isEmpty();
    }

    @Autowired
    io.custodia.admin.StartupEvidence startup;

    @Test
    void theDataMapAndTheSystemKeysAreRecordedOnceAtStart() {
        // recorded at start-up; recorded again here if another test class sharing this context emptied the ledger
        startup.record();
        assertThat(entries("action = 'DATAMAP_LOADED'")).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("source=default-datamap.yml; version=").containsPattern("sha256=[0-9a-f]{64}"));
        assertThat(entries("action = 'KEY_GENERATED'")).extracting(Row::detail)
                .anyMatch(d -> d.startsWith("key=blind-index;")).anyMatch(d -> d.startsWith("key=audit-checkpoint-signing;"));
        // the master key by its Tink key id and where it came from (generated here, or loaded), never its material
        assertThat(entries("action IN ('KEY_GENERATED', 'KEY_IN_USE') AND detail LIKE 'key=master;%'")).extracting(Row::detail)
                .anyMatch(d -> d.matches("key=master; keyId=[0-9]+; source=[a-z-]+"));
        long before = jdbc.sql("SELECT seq FROM audit_head").query(Long.class).single();
        startup.record();
        assertThat(jdbc.sql("SELECT seq FROM audit_head").query(Long.class).single()).isEqualTo(before);
    }

    /** Invariant 3: a read that cannot be audited does not happen; the API says so with 503 and nothing is returned. */
    @Test
    void aReadTheLedgerCannotRecordIsRefused() {
        Api sales = Staff.apiFor(accounts, port, Role.SALES);
        Api.Response created = sales.post("/api/v1/persons", "crm", Map.of("lastName", "Inauditable"));
        String id = (String) created.get("id");
        jdbc.sql("ALTER TABLE audit_entry RENAME TO audit_entry_away").update();
        try {
            Api.Response read = sales.get("/api/v1/persons/" + id, "crm");
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.raw()).doesNotContain("Inauditable");
            assertThat((String) read.get("detail")).contains("audit ledger could not record");
        } finally {
            jdbc.sql("ALTER TABLE audit_entry_away RENAME TO audit_entry").update();
        }
        assertThat(sales.get("/api/v1/persons/" + id, "crm").status()).isEqualTo(200);
        assertThat(verifier.verify().valid()).isTrue();
    }

    /** A sign-in the ledger cannot record does not happen; a failed one is still counted towards the lockout. */
    @Test
    void aSignInTheLedgerCannotRecordDoesNotHappenAndFailuresStillCount() throws Exception {
        String username = "ev" + UUID.randomUUID().toString().substring(0, 8);
        var account = accounts.createAccount(username, "Sans Trace", Staff.PASSWORD, Set.of(Role.SALES), false);
        jdbc.sql("ALTER TABLE audit_entry RENAME TO audit_entry_away").update();
        try {
            assertThat(signIn(username, Staff.PASSWORD)).endsWith("/login?error");
            assertThat(signIn(username, "not the password at all")).endsWith("/login?error");
        } finally {
            jdbc.sql("ALTER TABLE audit_entry_away RENAME TO audit_entry").update();
        }
        assertThat(jdbc.sql("SELECT failed_attempts FROM staff_account WHERE id = ?").param(account.id()).query(Integer.class).single())
                .isEqualTo(1);
        assertThat(signIn(username, Staff.PASSWORD)).doesNotContain("/login");
        assertThat(entries("actor_id = ? AND action = 'LOGIN_SUCCEEDED'", account.id().toString())).hasSize(1);
    }

    /** Signs in through the login form; returns where the browser is sent. */
    private String signIn(String username, String password) throws Exception {
        var http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/login")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + username + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
                + "&_csrf=" + csrf.group(1);
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElse("");
    }

    /** Many threads read, write and get refused at once: a gapless chain that verifies, each act exactly once. */
    @Test
    void concurrentReadsWritesAndDenialsAreEachRecordedOnceInAGaplessChain() throws Exception {
        int threads = 8;
        int rounds = 25;
        List<SubjectId> seeded = persons.createAll(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), List.of(
                PersonInput.fromJson(Map.of("lastName", "Concurrente"), 0), PersonInput.fromJson(Map.of("lastName", "Parallèle"), 1)));
        List<String> actors = new ArrayList<>();
        for (int t = 0; t < threads; t++) actors.add(UUID.randomUUID().toString());
        long before = jdbc.sql("SELECT seq FROM audit_head").query(Long.class).single();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String actorId : actors) {
                work.add(pool.submit(() -> {
                    AccessRequest crm = new AccessRequest(Actor.staff(actorId, Set.of(Role.SALES)), "crm");
                    AccessRequest refused = new AccessRequest(Actor.staff(actorId, Set.of(Role.SALES)), "analytics");
                    for (int i = 0; i < rounds; i++) {
                        gateway.readPerson(crm, seeded.get(i % 2));
                        gateway.createPerson(crm, new SubjectId(UUID.randomUUID()), Map.of("person.last_name", "N" + i));
                        try {
                            gateway.readPerson(refused, seeded.get(0));
                        } catch (PurposeRefusedException expected) {
                            // recorded as DENIED
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) f.get();
        } finally {
            pool.shutdownNow();
        }
        for (String actorId : actors) {
            for (String action : List.of("READ", "CREATE", "DENIED")) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor_id = ? AND action = ?").params(actorId, action)
                        .query(Long.class).single()).as(action + " of " + actorId).isEqualTo((long) rounds);
            }
        }
        long after = jdbc.sql("SELECT seq FROM audit_head").query(Long.class).single();
        long count = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE seq > ?").param(before).query(Long.class).single();
        long max = jdbc.sql("SELECT MAX(seq) FROM audit_entry").query(Long.class).single();
        assertThat(after).isEqualTo(max);
        assertThat(count).as("no gaps: every seq from %d to %d is there", before + 1, after).isEqualTo(after - before);
        assertThat(count).isGreaterThanOrEqualTo(3L * threads * rounds);
        VerificationReport report = verifier.verify();
        assertThat(report.valid()).as(report.toString()).isTrue();
        boolean postgres = jdbc.sql("SELECT 1").query((rs, n) -> rs.getStatement().getConnection().getMetaData()
                .getDatabaseProductName()).single().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        if (postgres) {
            // reads interleaved with writes: the one-statement commit ran, and fell back when a write had moved the head
            assertThat(ledger.committer().counters()[2]).isPositive();
        }
    }
}
