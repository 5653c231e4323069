package io.custodia.rights;

import io.custodia.support.OnH2;

@OnH2
class RightsRequestsH2IntegrationTests extends RightsRequestsTests {
}
