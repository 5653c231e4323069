package io.custodia.web;

import io.custodia.support.OnH2;

@OnH2
class RightsPagesH2IntegrationTests extends RightsPagesTests {
}
