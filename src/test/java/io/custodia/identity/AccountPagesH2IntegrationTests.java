package io.custodia.identity;

import io.custodia.support.OnH2;

@OnH2
class AccountPagesH2IntegrationTests extends AccountPagesTests {
}
