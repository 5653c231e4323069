package io.custodia.web;

import io.custodia.support.OnH2;

@OnH2
class PersonFormsH2IntegrationTests extends PersonFormsTests {
}
