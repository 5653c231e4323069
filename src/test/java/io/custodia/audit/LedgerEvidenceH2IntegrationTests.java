package io.custodia.audit;

import io.custodia.support.OnH2;

@OnH2
class LedgerEvidenceH2IntegrationTests extends LedgerEvidenceTests {
}
