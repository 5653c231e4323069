package io.custodia.consent;

import io.custodia.support.OnPostgres;

@OnPostgres
class PrivacyCentrePostgresIntegrationTests extends PrivacyCentreTests {
}
