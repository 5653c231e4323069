package io.custodia.admin;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class DemoDataH2IntegrationTests extends DemoDataTests {

    private static final TestDatabase DATABASE = new TestDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE.url);
        registry.add("custodia.crypto.master-keyset-file", DATABASE.keysetFile::toString);
    }
}
