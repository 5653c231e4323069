package io.custodia.identity;

import io.custodia.support.OnPostgres;

@OnPostgres
class LoginFlowPostgresIntegrationTests extends LoginFlowTests {
}
