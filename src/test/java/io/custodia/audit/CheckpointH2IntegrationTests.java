package io.custodia.audit;

import io.custodia.support.OnH2;

@OnH2
class CheckpointH2IntegrationTests extends CheckpointTests {
}
