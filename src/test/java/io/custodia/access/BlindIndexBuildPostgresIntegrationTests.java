package io.custodia.access;

import io.custodia.support.OnPostgres;

@OnPostgres
class BlindIndexBuildPostgresIntegrationTests extends BlindIndexBuildTests {
}
