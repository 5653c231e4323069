package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.support.Api;
import io.custodia.support.Staff;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A data map that newly indexes a field: the persons stored before get their keyed index at the next start,
 * with the same digests a write would have made, and a kind no longer declared is dropped.
 */
abstract class BlindIndexBuildTests {

    @Autowired
    AccountService accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BlindIndexBuild build;
    @LocalServerPort
    int port;

    private List<String> digests(String subject) {
        return jdbc.sql("SELECT kind || '=' || digest FROM blind_index WHERE subject_id = ? AND kind LIKE 'v:%' ORDER BY 1")
                .param(UUID.fromString(subject)).query(String.class).list();
    }

    @Test
    void indexesThePersonsStoredBeforeAKindWasDeclaredAndDropsAKindNoLongerDeclared() {
        Api sales = Staff.apiFor(accounts, port, Role.SALES);
        String u = UUID.randomUUID().toString().substring(0, 6);
        var created = sales.post("/api/v1/persons", "crm", Map.of("firstName", "Ana", "emails", List.of("ana." + u + "@exemple.fr"),
                "language", "fr", "jurisdiction", "EU", "tags", List.of("vip", "salon")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String ana = (String) created.get("id");
        List<String> written = digests(ana);
        assertThat(written).hasSize(4);

        // as if stored before the data map declared these indexes; and an index for a field no longer indexed
        jdbc.sql("DELETE FROM blind_index WHERE kind LIKE 'v:%'").update();
        jdbc.sql("DELETE FROM blind_index_built WHERE kind LIKE 'v:%'").update();
        jdbc.sql("INSERT INTO blind_index (kind, digest, subject_id) VALUES ('v:city', 'abc', ?)").param(UUID.fromString(ana)).update();
        jdbc.sql("INSERT INTO blind_index_built (kind, built_at) VALUES ('v:city', CURRENT_TIMESTAMP)").update();

        assertThat(build.build()).containsExactlyInAnyOrder("v:language", "v:jurisdiction", "v:tags");
        assertThat(digests(ana)).isEqualTo(written);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM blind_index WHERE kind = 'v:city'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT kind FROM blind_index_built WHERE kind LIKE 'v:%' ORDER BY kind").query(String.class).list())
                .containsExactly("v:jurisdiction", "v:language", "v:tags");
        // built once: the next start has nothing to do
        assertThat(build.build()).isEmpty();
    }
}
