package io.custodia.access;

import io.custodia.support.OnH2;

@OnH2
class BlindIndexBuildH2IntegrationTests extends BlindIndexBuildTests {
}
