package io.custodia.outreach;

import io.custodia.support.OnPostgres;

@OnPostgres
class CampaignPostgresIntegrationTests extends CampaignTests {
}
