package io.custodia.support;

import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a test context its own schema in the PostgreSQL database named by the system property
 * {@code custodia.test.postgres.url} (CI always sets it). Schemas are named {@code ct_*}; .ci/run drops
 * old ones before a run.
 */
public class PostgresDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String URL_PROPERTY = "custodia.test.postgres.url";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = System.getProperty(URL_PROPERTY);
        String schema = "ct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("pg-test", Map.of(
                "spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&reWriteBatchedInserts=true",
                "spring.datasource.username", System.getProperty("custodia.test.postgres.user", "postgres"),
                "spring.datasource.password", System.getProperty("custodia.test.postgres.password", ""),
                "spring.flyway.schemas", schema,
                "spring.flyway.create-schemas", "true",
                "custodia.crypto.master-keyset-file", TestKeys.freshKeysetFile().toString())));
    }
}
