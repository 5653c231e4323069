package io.custodia.audit;

import io.custodia.support.OnPostgres;

@OnPostgres
class CheckpointPostgresIntegrationTests extends CheckpointTests {
}
