package io.custodia.rights;

import io.custodia.support.OnPostgres;

@OnPostgres
class PersonRowsIndexedPostgresIntegrationTests extends PersonRowsIndexedTests {
}
