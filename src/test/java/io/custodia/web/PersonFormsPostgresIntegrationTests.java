package io.custodia.web;

import io.custodia.support.OnPostgres;

@OnPostgres
class PersonFormsPostgresIntegrationTests extends PersonFormsTests {
}
