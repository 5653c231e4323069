package io.custodia.consent;

import io.custodia.support.OnH2;

@OnH2
class PrivacyCentreH2IntegrationTests extends PrivacyCentreTests {
}
