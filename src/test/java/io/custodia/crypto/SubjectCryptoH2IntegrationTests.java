package io.custodia.crypto;

import io.custodia.support.OnH2;

@OnH2
class SubjectCryptoH2IntegrationTests extends SubjectCryptoTests {
}
