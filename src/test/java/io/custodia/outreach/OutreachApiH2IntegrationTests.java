package io.custodia.outreach;

import io.custodia.support.OnH2;

@OnH2
class OutreachApiH2IntegrationTests extends OutreachApiTests {
}
