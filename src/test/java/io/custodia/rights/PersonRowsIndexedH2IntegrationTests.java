package io.custodia.rights;

import io.custodia.support.OnH2;

@OnH2
class PersonRowsIndexedH2IntegrationTests extends PersonRowsIndexedTests {
}
