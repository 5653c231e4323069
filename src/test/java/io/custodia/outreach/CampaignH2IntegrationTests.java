package io.custodia.outreach;

import io.custodia.support.OnH2;

@OnH2
class CampaignH2IntegrationTests extends CampaignTests {
}
