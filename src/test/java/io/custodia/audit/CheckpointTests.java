package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519Parameters;
import io.custodia.audit.VerificationReport.Problem;
import io.custodia.crypto.LedgerSignatures;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Signed checkpoints catch what the chain and the head alone cannot (a rewritten chain, a tail cut with
 * the head rewound), pruning keeps the chain verifiable from the checkpoint at the cut, and an exported
 * segment is verified offline with the public key only.
 */
abstract class CheckpointTests extends LedgerFixture {

    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    AuditExport export;
    @Autowired
    LedgerSignatures signatures;

    List<AuditEntry> tenSealed() {
        List<AuditEntry> entries = appendTen();
        assertThat(checkpoints.seal()).get().extracting(Checkpoint::seq).isEqualTo(10L);
        return entries;
    }

    @Test
    void aSealedChainVerifiesAndSealingTwiceKeepsOneCheckpoint() {
        tenSealed();
        assertThat(checkpoints.seal()).get().extracting(Checkpoint::seq).isEqualTo(10L);
        assertThat(checkpoints.all()).hasSize(1);
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(10));
    }

    @Test
    void aCutTailWithTheHeadRewoundIsCaughtByTheCheckpoint() {
        List<AuditEntry> entries = tenSealed();
        jdbc.sql("DELETE FROM audit_entry WHERE seq > 7").update();
        jdbc.sql("UPDATE audit_head SET seq = 7, hash = ? WHERE id = 1").param(entries.get(6).hash()).update();
        assertBroken(Problem.TAIL_CUT, 8);
        assertThat(verifier.verify().detail()).contains("signed checkpoint seals entries up to 10");
    }

    @Test
    void aChainRewrittenWithRecomputedHashesDiffersFromItsCheckpoint() {
        tenSealed();
        // the attacker changes entry 5 and recomputes every hash after it, and the head: the chain alone looks intact
        jdbc.sql("UPDATE audit_entry SET detail = 'fields=nothing' WHERE seq = 5").update();
        String prev = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = 4").query(String.class).single();
        for (long seq = 5; seq <= 10; seq++) {
            StoredEntry e = jdbc.sql("SELECT " + AuditVerifier.COLUMNS + " FROM audit_entry WHERE seq = ?").param(seq).query((rs, n) -> AuditVerifier.stored(rs)).single();
            StoredEntry relinked = new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(),
                    e.outcome(), e.detail(), e.correlationId(), prev, "");
            String hash = AuditHashes.hash(relinked);
            jdbc.sql("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE seq = ?").params(prev, hash, seq).update();
            prev = hash;
        }
        jdbc.sql("UPDATE audit_head SET hash = ? WHERE id = 1").param(prev).update();
        assertBroken(Problem.ALTERED, 10);
        assertThat(verifier.verify().detail()).contains("signed checkpoint", "entries 1 to 10");
    }

    @Test
    void aForgedCheckpointIsNamed() {
        tenSealed();
        jdbc.sql("UPDATE audit_checkpoint SET hash = ? WHERE seq = 10").param("ef".repeat(32)).update();
        assertBroken(Problem.CHECKPOINT_INVALID, 10);
    }

    @Test
    void pruningAtACheckpointKeepsTheChainVerifiableAndRecordsTheCut() {
        tenSealed();
        ledger.appendAll(List.of(read(11), read(12)));
        assertThat(checkpoints.prune(Instant.now().plusSeconds(5))).isEqualTo(10);
        assertThat(jdbc.sql("SELECT MIN(seq) FROM audit_entry").query(Long.class).single()).isEqualTo(11L);
        assertThat(jdbc.sql("SELECT first_seq FROM audit_head").query(Long.class).single()).isEqualTo(11L);
        assertThat(jdbc.sql("SELECT action FROM audit_entry WHERE seq = 13").query(String.class).single()).isEqualTo("LEDGER_PRUNED");
        VerificationReport report = verifier.verify();
        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(3);
        // nothing older than the retention that no checkpoint seals is removed
        assertThat(checkpoints.prune(Instant.now().plusSeconds(5))).isZero();
    }

    @Test
    void earlyEntriesRemovedWithoutAPruningRecordAreMissing() {
        tenSealed();
        ledger.appendAll(List.of(read(11), read(12)));
        jdbc.sql("DELETE FROM audit_entry WHERE seq <= 10").update();
        jdbc.sql("UPDATE audit_head SET first_seq = 11 WHERE id = 1").update();
        assertBroken(Problem.MISSING, 1);
    }

    @Test
    void anExportedSegmentVerifiesOfflineWithThePublicKeyOnly() throws Exception {
        tenSealed();
        ledger.appendAll(List.of(read(11), read(12)));
        String exported = export(1, 12);
        String key = signatures.publicKeysetJson();

        SegmentVerifier.SegmentReport ok = SegmentVerifier.verify(reader(exported), key);
        assertThat(ok.chain()).isEqualTo(VerificationReport.ok(12));
        assertThat(ok.startAnchored()).isTrue();
        assertThat(ok.sealedUpTo()).isEqualTo(10L);

        String altered = exported.replaceFirst("\"seq\":3,(.*?)fields=emails", "\"seq\":3,$1fields=nothing");
        assertThat(altered).isNotEqualTo(exported);
        assertThat(SegmentVerifier.verify(reader(altered), key).chain()).extracting(VerificationReport::problem, VerificationReport::seq)
                .containsExactly(Problem.ALTERED, 3L);

        String withoutLast = Arrays.stream(exported.split("\n")).filter(l -> !l.contains("\"seq\":12,\"at\"")).collect(Collectors.joining("\n"));
        assertThat(SegmentVerifier.verify(reader(withoutLast), key).chain()).extracting(VerificationReport::problem, VerificationReport::seq)
                .containsExactly(Problem.TAIL_CUT, 12L);

        String withoutSealedTail = Arrays.stream(exported.split("\n")).filter(l -> !l.matches(".*\"seq\":(9|10|11|12),\"at\".*"))
                .collect(Collectors.joining("\n"));
        assertThat(SegmentVerifier.verify(reader(withoutSealedTail), key).chain().problem()).isEqualTo(Problem.TAIL_CUT);

        assertThat(SegmentVerifier.verify(reader(exported), otherPublicKey()).chain().problem()).isEqualTo(Problem.CHECKPOINT_INVALID);

        // an entry's line given again after the last one: never appended by the ledger
        String third = Arrays.stream(exported.split("\n")).filter(l -> l.contains("\"seq\":3,\"at\"")).findFirst().orElseThrow();
        assertThat(SegmentVerifier.verify(reader(exported.replace(third, third + "\n" + third)), key).chain())
                .extracting(VerificationReport::problem, VerificationReport::seq).containsExactly(Problem.INSERTED, 3L);

        SegmentVerifier.SegmentReport middle = SegmentVerifier.verify(reader(export(5, 12)), key);
        assertThat(middle.chain().valid()).isTrue();
        assertThat(middle.startAnchored()).isFalse();
    }

    @Test
    void theApiListsFiltersExportsAndVerifiesForAuditorsAndTheCommandChecksTheExport() throws Exception {
        Api auditor = Staff.apiFor(accounts, port, Role.AUDITOR);
        List<AuditEntry> entries = appendTen();
        checkpoints.seal();

        Api.Response bySubject = auditor.get("/api/v1/audit/entries?subject=" + entries.get(2).subjectId(), null);
        assertThat(bySubject.status()).isEqualTo(200);
        assertThat((List<?>) bySubject.get("entries")).hasSize(1);
        // a day given as 'to' is taken whole, as 'from' is: from=to=that day finds the day's entries
        java.time.LocalDate day = entries.get(2).at().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        assertThat((List<?>) auditor.get("/api/v1/audit/entries?subject=" + entries.get(2).subjectId() + "&from=" + day + "&to=" + day, null)
                .get("entries")).hasSize(1);
        assertThat((List<?>) auditor.get("/api/v1/audit/entries?subject=" + entries.get(2).subjectId() + "&to=" + day.minusDays(1), null)
                .get("entries")).isEmpty();
        Api.Response tooEarly = auditor.get("/api/v1/audit/entries?from=1899-12-31", null);
        assertThat(tooEarly.status()).isEqualTo(400);
        assertThat((String) tooEarly.get("detail")).contains("'from' must fall between the years 1900 and 9999");
        Api.Response page = auditor.get("/api/v1/audit/entries?action=READ&limit=4", null);
        assertThat((List<?>) page.get("entries")).hasSize(4);
        Object next = page.get("nextBefore");
        assertThat((List<?>) auditor.get("/api/v1/audit/entries?action=READ&limit=4&before=" + next, null).get("entries")).hasSize(4);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<?>) page.get("entries")).getFirst();
        assertThat(first.get("verifies")).isEqualTo(true);

        Api.Response bad = auditor.get("/api/v1/audit/entries?action=PEEK", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat((String) bad.get("detail")).contains("'action' must be one of");
        assertThat(auditor.get("/api/v1/audit/entries?subject=not-a-uuid", null).status()).isEqualTo(400);
        assertThat(auditor.get("/api/v1/audit/export?from=0", null).status()).isEqualTo(400);

        // an address that takes no body refuses one that is something, before it acts: nothing sealed
        long sealedBefore = jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint").query(Long.class).single();
        for (String body : List.of("{bad", "{\"seq\": 5}")) {
            Api.Response refused = auditor.sendRaw("POST", "/api/v1/audit/checkpoints", null, body, "application/json");
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat((String) refused.get("detail")).contains("takes no body");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_checkpoint").query(Long.class).single()).isEqualTo(sealedBefore);
        // an empty object is no body
        assertThat(auditor.sendRaw("POST", "/api/v1/audit/checkpoints", null, "{ }", "application/json").raw()).doesNotContain("takes no body");

        Api.Response key = auditor.get("/api/v1/audit/public-key", null);
        assertThat(key.get("keyId")).isEqualTo(signatures.keyId());
        Api.Response exported = auditor.get("/api/v1/audit/export", null);
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.raw()).startsWith("{\"type\":\"segment\"").contains("\"type\":\"checkpoint\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'EXPORT'").query(Long.class).single()).isEqualTo(1L);

        Path dir = Files.createTempDirectory("ledger-export");
        Path segment = Files.writeString(dir.resolve("segment.jsonl"), exported.raw());
        Path keyFile = Files.writeString(dir.resolve("key.json"), (String) key.get("tinkPublicKeyset"));
        assertThat(io.custodia.admin.AdminCommandLine.run(io.custodia.CustodiaApplication.class,
                new String[] {"verify-export", "--file", segment.toString(), "--public-key", keyFile.toString()})).isZero();
        Files.writeString(segment, exported.raw().replace("\"actorId\":\"account-4\"", "\"actorId\":\"account-X\""));
        assertThat(io.custodia.admin.AdminCommandLine.run(io.custodia.CustodiaApplication.class,
                new String[] {"verify-export", "--file", segment.toString(), "--public-key", keyFile.toString()})).isEqualTo(1);

        // a chain no signed checkpoint covers could have been fabricated whole: not proven
        Files.writeString(segment, export(1, 3));
        assertThat(io.custodia.admin.AdminCommandLine.run(io.custodia.CustodiaApplication.class,
                new String[] {"verify-export", "--file", segment.toString(), "--public-key", keyFile.toString()})).isEqualTo(1);

        assertThat(Staff.apiFor(accounts, port, Role.SALES).get("/api/v1/audit/entries", null).status()).isEqualTo(403);
    }

    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    java.time.Clock clock;

    /** Checkpoints every 5 entries, copied to a file and to a webhook, as an operator would configure them. */
    @Test
    void aCheckpointIsDueAfterEnoughEntriesAndReachesTheFileAndTheWebhook() throws Exception {
        Path file = Files.createTempDirectory("sink").resolve("checkpoints.jsonl");
        List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/checkpoints", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/checkpoints");
            AuditCheckpoints every5 = new AuditCheckpoints(jdbc, dataSource, transactions, signatures, ledger,
                    new AuditProperties(5, java.time.Duration.ofDays(1), file, url, null, null), clock);
            ledger.appendAll(List.of(read(1), read(2), read(3), read(4)));
            assertThat(every5.due()).isFalse();
            ledger.append(read(5));
            assertThat(every5.due()).isTrue();
            every5.sealWhenDue();
            assertThat(every5.due()).isFalse();
            assertThat(checkpoints.latest()).get().extracting(Checkpoint::seq).isEqualTo(5L);

            String line = Files.readString(file).strip();
            assertThat(line).startsWith("{\"type\":\"checkpoint\",\"seq\":5,").contains(checkpoints.latest().orElseThrow().signature());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (posted.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(posted).containsExactly(line);
            // what the sink holds verifies with the public key alone
            Checkpoint sunk = checkpoints.latest().orElseThrow();
            assertThat(LedgerSignatures.verify(signatures.publicKeysetJson(), sunk.signedBytes(),
                    java.util.Base64.getDecoder().decode(sunk.signature()))).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCheckpointIsDueOnceTheIntervalHasPassedWithEntriesUnsealed() {
        AuditCheckpoints quick = new AuditCheckpoints(jdbc, dataSource, transactions, signatures, ledger,
                new AuditProperties(1_000, java.time.Duration.ofMillis(1), null, null, null, null), clock);
        assertThat(quick.due()).isFalse();
        ledger.append(read(1));
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        assertThat(quick.due()).isTrue();
    }

    @Autowired
    AuditHealth health;

    @Test
    void theHealthCheckShowsTheLastVerdictAndNamesABrokenEntry() {
        tenSealed();
        assertThat(health.check().valid()).isTrue();
        var up = health.health();
        assertThat(up.getStatus().getCode()).isEqualTo("UP");
        assertThat(up.getDetails()).containsEntry("entriesChecked", 10L);
        jdbc.sql("UPDATE audit_entry SET outcome = 'DENIED' WHERE seq = 3").update();
        assertThat(health.check().valid()).isFalse();
        var down = health.health();
        assertThat(down.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(down.getDetails()).containsEntry("brokenAt", 3L).containsEntry("problem", "ALTERED");
    }

    private String export(long from, long to) {
        StringWriter out = new StringWriter();
        export.write(from, to, out);
        return out.toString();
    }

    private static BufferedReader reader(String text) {
        return new BufferedReader(new StringReader(text));
    }

    private static String otherPublicKey() throws Exception {
        KeysetHandle other = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));
        return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(other.getPublicKeysetHandle());
    }
}
