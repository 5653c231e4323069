package io.custodia.admin;

import io.custodia.support.PostgresDatabase;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.test.context.ContextConfiguration;

/** On a PostgreSQL schema of its own (the initializer makes a fresh one for this context). */
@EnabledIfSystemProperty(named = PostgresDatabase.URL_PROPERTY, matches = ".+")
@ContextConfiguration(initializers = PostgresDatabase.class)
class DemoDataPostgresIntegrationTests extends DemoDataTests {
}
