package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.audit.VerificationReport.Problem;
import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Invariant 8: the ledger chains every entry and verification names the exact entry tampered with. */
abstract class AuditLedgerTests extends LedgerFixture {

    @Test
    void appendedEntriesFormAGaplessChainThatVerifies() {
        List<AuditEntry> entries = appendTen();
        assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(entries.getFirst().prevHash()).isEqualTo(AuditHashes.GENESIS);
        for (int i = 1; i < entries.size(); i++) assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(10));
        assertThat(jdbc.sql("SELECT seq FROM audit_head").query(Long.class).single()).isEqualTo(10L);
    }

    @Test
    void storedEntriesReadBackAsWritten() {
        AuditEntry written = ledger.append(read(1));
        StoredEntry stored = jdbc.sql("SELECT " + AuditVerifier.COLUMNS + " FROM audit_entry WHERE seq = 1").query((rs, n) -> AuditVerifier.stored(rs)).single();
        assertThat(stored.at()).isEqualTo(written.at());
        assertThat(stored.subjectId()).isEqualTo(written.subjectId());
        assertThat(stored.hash()).isEqualTo(written.hash());
        assertThat(AuditHashes.recomputes(stored)).isTrue();
    }

    @org.springframework.beans.factory.annotation.Autowired
    AuditQuery query;

    @Test
    void aTimeRangeListsExactlyTheEntriesRecordedInIt() {
        List<AuditEntry> entries = appendTen();
        java.time.Instant fifth = entries.get(4).at();
        var since = query.list(AuditQuery.Filter.none().withTimes(fifth, null), 50).entries();
        assertThat(since).extracting(l -> l.entry().seq()).containsExactly(10L, 9L, 8L, 7L, 6L, 5L);
        var before = query.list(AuditQuery.Filter.none().withTimes(null, fifth), 50).entries();
        assertThat(before).extracting(l -> l.entry().seq()).containsExactly(4L, 3L, 2L, 1L);
        assertThat(before).allMatch(AuditQuery.Listed::verifies);
        assertThat(query.firstSeqAtOrAfter(fifth.plusSeconds(3600))).isEqualTo(11L);
        assertThat(query.firstSeqAtOrAfter(entries.getFirst().at().minusSeconds(3600))).isEqualTo(1L);
    }

    /** Verification reads in pages of 10,000 and hashes one page while it fetches the next: across pages too. */
    @Test
    void aLedgerOfSeveralPagesVerifiesAndATamperedEntryOnTheThirdPageIsNamed() {
        for (int batch = 0; batch < 25; batch++) {
            ledger.appendAll(IntStream.range(0, 1_000).mapToObj(LedgerFixture::read).toList());
        }
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(25_000));
        jdbc.sql("UPDATE audit_entry SET correlation_id = 'req-x' WHERE seq = 20001").update();
        assertBroken(Problem.ALTERED, 20_001);
        assertThat(verifier.verify().entriesChecked()).isEqualTo(20_001);
        // a break on the first page stops the walk with two pages unread (on PostgreSQL, mid-COPY): the
        // connection it used must come back to the pool clean, for the next verification and everything else
        jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = 5").update();
        for (int again = 0; again < 3; again++) {
            assertBroken(Problem.ALTERED, 5);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single()).isEqualTo(25_000L);
    }

    /** A ledger that ends exactly at a page boundary verifies with the right count. */
    @Test
    void aLedgerOfExactlyTwoPagesVerifies() {
        for (int batch = 0; batch < 20; batch++) {
            ledger.appendAll(IntStream.range(0, 1_000).mapToObj(LedgerFixture::read).toList());
        }
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(2 * AuditVerifier.PAGE));
        jdbc.sql("DELETE FROM audit_entry WHERE seq = 20000").update();
        assertBroken(Problem.TAIL_CUT, 20_000);
    }

    /** Rows no honest ledger writes cannot make verification hang or throw: they are named like any other tampering. */
    @Test
    void aForgedRowWithAHugeSeqOrAnImpossibleTimeIsNamedWithoutHangingOrThrowing() {
        List<AuditEntry> entries = appendTen();
        jdbc.sql("UPDATE audit_entry SET detail = 'fields=nothing' WHERE seq = 4").update();
        forge(4_000_000_000_000_000_000L, entries.getLast().hash());
        assertBroken(Problem.ALTERED, 4);
        jdbc.sql("DELETE FROM audit_entry WHERE seq > 10").update();
        jdbc.sql("UPDATE audit_entry SET detail = 'fields=emails,phones;denied=health' WHERE seq = 4").update();
        jdbc.sql("UPDATE audit_entry SET at = ? WHERE seq = 7")
                .param(java.time.OffsetDateTime.parse("3000-01-01T00:00:00Z")).update();
        assertBroken(Problem.ALTERED, 7);
    }

    @Test
    void emptyLedgerVerifies() {
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(0));
    }

    @Test
    void changedFieldIsReportedAsAlteredAtThatEntry() {
        appendTen();
        jdbc.sql("UPDATE audit_entry SET actor_id = 'someone-else' WHERE seq = 6").update();
        assertBroken(Problem.ALTERED, 6);
    }

    @Test
    void changedPurposeToNullIsReportedAsAltered() {
        appendTen();
        jdbc.sql("UPDATE audit_entry SET purpose = NULL WHERE seq = 1").update();
        assertBroken(Problem.ALTERED, 1);
    }

    @Test
    void deletedEntryIsReportedAsMissingAtItsSeq() {
        appendTen();
        jdbc.sql("DELETE FROM audit_entry WHERE seq = 4").update();
        assertBroken(Problem.MISSING, 4);
    }

    @Test
    void deletedFirstEntryIsReportedAsMissing() {
        appendTen();
        jdbc.sql("DELETE FROM audit_entry WHERE seq = 1").update();
        assertBroken(Problem.MISSING, 1);
    }

    @Test
    void forgedEntrySlippedInWithAValidHashIsReportedAsInserted() {
        List<AuditEntry> entries = appendTen();
        // the forger renumbers the entries after 5, writes a well-formed entry 6 linked to 5 and moves the head
        jdbc.sql("UPDATE audit_entry SET seq = -seq WHERE seq > 5").update();
        jdbc.sql("UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0").update();
        forge(6, entries.get(4).hash());
        jdbc.sql("UPDATE audit_head SET seq = 11 WHERE id = 1").update();
        assertBroken(Problem.INSERTED, 6);
    }

    @Test
    void forgedEntryThatDoesNotLinkIsReportedAsInserted() {
        appendTen();
        jdbc.sql("UPDATE audit_entry SET seq = -seq WHERE seq > 5").update();
        jdbc.sql("UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0").update();
        forge(6, "ab".repeat(32));
        assertBroken(Problem.INSERTED, 6);
    }

    @Test
    void forgedEntryAppendedBeyondTheHeadIsReportedAsInserted() {
        List<AuditEntry> entries = appendTen();
        forge(11, entries.getLast().hash());
        assertBroken(Problem.INSERTED, 11);
    }

    @Test
    void swappedEntriesAreReportedAsReorderedAtTheFirstOfThem() {
        appendTen();
        swap(3, 4);
        assertBroken(Problem.REORDERED, 3);
    }

    @Test
    void distantSwapIsReportedAsReordered() {
        appendTen();
        swap(2, 9);
        assertBroken(Problem.REORDERED, 2);
    }

    @Test
    void cutTailIsReportedAtTheFirstRemovedEntry() {
        appendTen();
        jdbc.sql("DELETE FROM audit_entry WHERE seq > 7").update();
        assertBroken(Problem.TAIL_CUT, 8);
    }

    @Test
    void rewrittenHeadIsReported() {
        appendTen();
        jdbc.sql("UPDATE audit_head SET hash = ? WHERE id = 1").param("cd".repeat(32)).update();
        assertBroken(Problem.HEAD_MISMATCH, 10);
    }

    @Test
    void rolledBackWriteLeavesNoEntryAndTheChainVerifies() {
        appendTen();
        try {
            transactions.executeWithoutResult(status -> {
                ledger.append(read(11));
                ledger.appendAll(List.of(read(12), read(13)));
                throw new IllegalStateException("the write failed");
            });
        } catch (IllegalStateException expected) {
            // the write and its entries are gone together
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single()).isEqualTo(10L);
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(10));
        assertThat(ledger.append(read(14)).seq()).isEqualTo(11L);
    }

    @Test
    void concurrentAppendsHaveGaplessSeqsAndAValidChain() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        if (i % 5 == 4) ledger.appendAll(List.of(read(thread), read(thread))).forEach(e -> seqs.add(e.seq()));
                        else seqs.add(ledger.append(read(thread)).seq());
                    }
                    return seqs;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) all.addAll(result.get());
            int expected = threads * (perThread + perThread / 5);
            assertThat(all).doesNotHaveDuplicates().hasSize(expected);
            assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(threads * (perThread + perThread / 5)));
    }

    @Test
    void verificationIsOpenToAuditorsAndTheDpoOnly() {
        appendTen();
        Api auditor = Staff.apiFor(accounts, port, Role.AUDITOR);
        Api.Response report = auditor.get("/api/v1/audit/verify", null);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.get("valid")).isEqualTo(true);
        // creating the auditor's account and token were recorded too
        long entries = jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
        assertThat(entries).isGreaterThan(10L);
        assertThat(((Number) report.get("entriesChecked")).longValue()).isEqualTo(entries);
        assertThat(Staff.apiFor(accounts, port, Role.DPO).get("/api/v1/audit/verify", null).status()).isEqualTo(200);
        assertThat(Staff.apiFor(accounts, port, Role.SALES, Role.ADMIN).get("/api/v1/audit/verify", null).status()).isEqualTo(403);
        jdbc.sql("UPDATE audit_entry SET detail = 'fields=' WHERE seq = 2").update();
        Api.Response broken = auditor.get("/api/v1/audit/verify", null);
        assertThat(broken.get("valid")).isEqualTo(false);
        assertThat(broken.get("problem")).isEqualTo("ALTERED");
        assertThat(((Number) broken.get("seq")).longValue()).isEqualTo(2L);
    }

    void swap(long a, long b) {
        jdbc.sql("UPDATE audit_entry SET seq = -1 WHERE seq = ?").param(a).update();
        jdbc.sql("UPDATE audit_entry SET seq = ? WHERE seq = ?").params(a, b).update();
        jdbc.sql("UPDATE audit_entry SET seq = ? WHERE seq = -1").param(b).update();
    }

    /** Writes an entry as a forger who knows the algorithm would: consistent hash, chosen prev_hash. */
    void forge(long seq, String prevHash) {
        AuditEntry forged = AuditEntry.chained(seq, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                read(99), prevHash);
        jdbc.sql("INSERT INTO audit_entry (seq, at, actor_kind, actor_id, action, purpose, subject_id, outcome, detail,"
                + " correlation_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(forged.seq(), forged.at().atOffset(java.time.ZoneOffset.UTC), forged.actorKind(), forged.actorId(),
                        forged.action().name(), forged.purpose(), forged.subjectId(), forged.outcome().name(), forged.detail(),
                        forged.correlationId(), forged.prevHash(), forged.hash())
                .update();
    }
}
