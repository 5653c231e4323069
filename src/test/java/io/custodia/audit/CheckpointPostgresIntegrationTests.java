package io.custodia.audit;

import io.custodia.support.OnPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Checkpoints and pruning on PostgreSQL, every ledger verified in three stretches (see {@link InStretches}). */
@OnPostgres
class CheckpointPostgresIntegrationTests extends CheckpointTests {

    private InStretches stretches;

    @BeforeEach
    void walkEveryLedgerInStretches() {
        stretches = InStretches.of(verifier, 3);
    }

    @AfterEach
    void walkAsUsual() {
        stretches.close();
    }
}
