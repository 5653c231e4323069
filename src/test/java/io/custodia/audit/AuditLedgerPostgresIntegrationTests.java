package io.custodia.audit;

import io.custodia.support.OnPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.util.AopTestUtils;

/**
 * The ledger's tests on PostgreSQL, where a large ledger is verified in parallel stretches (one COPY per
 * core, in one exported snapshot): here every ledger is, however small, so that every tamper case is found
 * and named across the stretches exactly as one walk names it. The other PostgreSQL classes walk in one stretch.
 */
@OnPostgres
class AuditLedgerPostgresIntegrationTests extends AuditLedgerTests {

    private long parallelFrom;

    @BeforeEach
    void walkEveryLedgerInStretches() {
        AuditVerifier target = AopTestUtils.getUltimateTargetObject(verifier);
        parallelFrom = target.parallelFrom;
        target.parallelFrom = 2;
    }

    @AfterEach
    void walkAsUsual() {
        AuditVerifier target = AopTestUtils.getUltimateTargetObject(verifier);
        target.parallelFrom = parallelFrom;
    }
}
