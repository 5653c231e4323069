package io.custodia.people;

import io.custodia.support.OnPostgres;

@OnPostgres
class PersonApiPostgresIntegrationTests extends PersonApiTests {
}
