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

/** A ledger emptied before each test, ten entries on demand, and the assertion that names a broken entry. */
abstract class LedgerFixture {

    @Autowired
    AuditLedger ledger;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    AccountService accounts;
    @LocalServerPort
    int port;

    /**
     * Each test starts from an empty ledger and leaves one behind: test classes with the same configuration
     * share a context, so a ledger a tamper test broke must not reach the next class.
     */
    @BeforeEach
    @org.junit.jupiter.api.AfterEach
    void emptyLedger() {
        jdbc.sql("DELETE FROM audit_entry").update();
        jdbc.sql("DELETE FROM audit_checkpoint").update();
        jdbc.sql("UPDATE audit_head SET seq = 0, hash = ?, first_seq = 1 WHERE id = 1").param(AuditHashes.GENESIS).update();
    }

    static AuditEvent read(int n) {
        return AuditEvent.of("STAFF", "account-" + n, AuditAction.READ, AuditOutcome.ALLOWED).withPurpose("sales")
                .withSubject(UUID.randomUUID()).withDetail("fields=emails,phones;denied=health").withCorrelationId("req-" + n);
    }

    List<AuditEntry> appendTen() {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 4; i++) entries.add(ledger.append(read(i)));
        entries.addAll(ledger.appendAll(IntStream.rangeClosed(5, 10).mapToObj(LedgerFixture::read).toList()));
        return entries;
    }

    void assertBroken(Problem problem, long seq) {
        VerificationReport report = verifier.verify();
        assertThat(report.valid()).as(report.toString()).isFalse();
        assertThat(report.problem()).as(report.toString()).isEqualTo(problem);
        assertThat(report.seq()).as(report.toString()).isEqualTo(seq);
        assertThat(report.detail()).contains("entr");
    }
}
