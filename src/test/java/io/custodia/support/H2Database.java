package io.custodia.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Gives a test context its own in-memory H2 database and its own master key. */
public class H2Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = "custodia-" + UUID.randomUUID();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("h2-test", Map.of(
                "spring.datasource.url", "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.datasource.username", "sa",
                "custodia.crypto.master-keyset-file", TestKeys.freshKeysetFile().toString())));
    }
}
