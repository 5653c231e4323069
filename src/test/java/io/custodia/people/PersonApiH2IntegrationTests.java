package io.custodia.people;

import io.custodia.support.OnH2;

@OnH2
class PersonApiH2IntegrationTests extends PersonApiTests {
}
