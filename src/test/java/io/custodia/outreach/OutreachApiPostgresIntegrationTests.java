package io.custodia.outreach;

import io.custodia.support.OnPostgres;

@OnPostgres
class OutreachApiPostgresIntegrationTests extends OutreachApiTests {
}
