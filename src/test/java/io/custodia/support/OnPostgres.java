package io.custodia.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs the annotated integration tests against the whole app on PostgreSQL, in a schema of their own.
 * Skipped (and reported as skipped) unless {@code custodia.test.postgres.url} is set; CI always sets it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(named = PostgresDatabase.URL_PROPERTY, matches = ".+",
        disabledReason = "PostgreSQL suite: set -Dcustodia.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/test to run it")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PostgresDatabase.class)
public @interface OnPostgres {
}
