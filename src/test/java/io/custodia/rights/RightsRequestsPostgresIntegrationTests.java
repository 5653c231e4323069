package io.custodia.rights;

import io.custodia.support.OnPostgres;

@OnPostgres
class RightsRequestsPostgresIntegrationTests extends RightsRequestsTests {
}
