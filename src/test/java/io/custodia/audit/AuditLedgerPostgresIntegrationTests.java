package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.support.OnPostgres;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's tests on PostgreSQL, where a large ledger is verified in parallel stretches (one COPY per
 * core, in one exported snapshot): here every ledger is, however small, cut into four, so that every tamper
 * case is found and named across the stretches exactly as one walk names it. {@link CheckpointPostgresIntegrationTests}
 * does the same for checkpoints and pruning; the other PostgreSQL classes walk in one stretch.
 */
@OnPostgres
class AuditLedgerPostgresIntegrationTests extends AuditLedgerTests {

    private InStretches stretches;

    @BeforeEach
    void walkEveryLedgerInStretches() {
        stretches = InStretches.of(verifier, 4);
    }

    @AfterEach
    void walkAsUsual() {
        stretches.close();
    }

    /**
     * Forty entries cut into four stretches of ten, tampered with on each side of every cut (and inside): the
     * stretches' verdict is the one walk's, field for field (problem, entry, entries checked, sentence).
     */
    @Test
    void stretchesGiveTheVerdictOfOneWalkOnEitherSideOfEveryCut() {
        List<Tamper> tampers = List.of(
                new Tamper("altered", s -> jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = ?").param(s).update()),
                new Tamper("deleted", s -> jdbc.sql("DELETE FROM audit_entry WHERE seq = ?").param(s).update()),
                new Tamper("swapped with the next", s -> swap(s, s + 1)),
                new Tamper("prev_hash rewritten", s -> jdbc.sql("UPDATE audit_entry SET prev_hash = ? WHERE seq = ?").params(AuditHashes.GENESIS, s)
                        .update()),
                new Tamper("replaced by a forgery linked to its predecessor", s -> {
                    String before = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = ?").param(s - 1).query(String.class).single();
                    jdbc.sql("DELETE FROM audit_entry WHERE seq = ?").param(s).update();
                    forge(s, before);
                }),
                new Tamper("a forgery slipped in before it (the later entries renumbered)", s -> {
                    String before = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = ?").param(s - 1).query(String.class).single();
                    jdbc.sql("UPDATE audit_entry SET seq = -seq WHERE seq >= ?").param(s).update();
                    jdbc.sql("UPDATE audit_entry SET seq = -seq + 1 WHERE seq < 0").update();
                    forge(s, before);
                    jdbc.sql("UPDATE audit_head SET seq = seq + 1 WHERE id = 1").update();
                }),
                new Tamper("a row below the chain", s -> jdbc.sql("INSERT INTO audit_entry (seq, at, actor_kind, actor_id, action, purpose,"
                        + " subject_id, outcome, detail, correlation_id, prev_hash, hash) SELECT 0, at, actor_kind, actor_id, action, purpose,"
                        + " subject_id, outcome, detail, correlation_id, prev_hash, hash FROM audit_entry WHERE seq = 1").update()));
        for (long seq : new long[] {9, 10, 11, 20, 21, 30, 31, 40}) {
            for (Tamper tamper : tampers) {
                if (seq == 40 && tamper.what().startsWith("swapped")) continue;
                emptyLedger();
                ledger.appendAll(IntStream.rangeClosed(1, 40).mapToObj(LedgerFixture::read).toList());
                tamper.at().accept(seq);
                VerificationReport inStretches = verifier.verify();
                VerificationReport oneWalk;
                try (InStretches once = InStretches.none(verifier)) {
                    oneWalk = verifier.verify();
                }
                assertThat(inStretches).as(tamper.what() + " at " + seq).isEqualTo(oneWalk);
                if (!tamper.what().contains("below")) assertThat(oneWalk.valid()).as(tamper.what() + " at " + seq).isFalse();
            }
        }
    }

    /**
     * Another verification holding every connection of the verifier's own pool: this one reads in fewer stretches
     * (here one) after a short wait, and still names the break; it neither fails nor waits on the application's pool.
     */
    @Test
    void aVerificationThatFindsTheStretchPoolBusyReadsInFewerStretches() throws Exception {
        ledger.appendAll(IntStream.rangeClosed(1, 40).mapToObj(LedgerFixture::read).toList());
        AuditVerifier target = org.springframework.test.util.AopTestUtils.getUltimateTargetObject(verifier);
        List<java.sql.Connection> held = target.stretchConnections(AuditVerifier.MAX_STREAMS - 1);
        try {
            assertThat(held).hasSize(AuditVerifier.MAX_STREAMS - 1);
            assertThat(target.stretchConnections(1)).isEmpty();
            assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(40));
            jdbc.sql("UPDATE audit_entry SET detail = 'fields=none' WHERE seq = 33").update();
            assertBroken(VerificationReport.Problem.ALTERED, 33);
        } finally {
            for (java.sql.Connection c : held) c.close();
        }
        assertBroken(VerificationReport.Problem.ALTERED, 33);
    }

    private record Tamper(String what, LongConsumer at) {
    }
}
