package io.custodia.crypto;

import io.custodia.support.OnPostgres;

@OnPostgres
class SubjectCryptoPostgresIntegrationTests extends SubjectCryptoTests {
}
