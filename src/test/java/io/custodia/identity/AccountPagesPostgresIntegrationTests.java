package io.custodia.identity;

import io.custodia.support.OnPostgres;

@OnPostgres
class AccountPagesPostgresIntegrationTests extends AccountPagesTests {
}
