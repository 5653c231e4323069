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

        long reads = indexBuildEntries();
        assertThat(build.build()).containsExactlyInAnyOrder("v:language", "v:jurisdiction", "v:tags");
        // the build decrypted the persons' indexed fields: one entry says so, with the kinds and how many
        assertThat(indexBuildEntries()).isEqualTo(reads + 1);
        assertThat(jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'READ' AND detail LIKE 'kind=blind-index-build;%' ORDER BY seq DESC")
                .query(String.class).list().getFirst()).matches("kind=blind-index-build; indexes=v:jurisdiction,v:language,v:tags; persons=[1-9][0-9]*");
        assertThat(digests(ana)).isEqualTo(written);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM blind_index WHERE kind = 'v:city'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT kind FROM blind_index_built WHERE kind LIKE 'v:%' ORDER BY kind").query(String.class).list())
                .containsExactly("v:jurisdiction", "v:language", "v:tags");
        // built once: the next start has nothing to do, and records nothing
        assertThat(build.build()).isEmpty();
        assertThat(indexBuildEntries()).isEqualTo(reads + 1);
    }

    private long indexBuildEntries() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'READ' AND actor_kind = 'SYSTEM' AND detail LIKE 'kind=blind-index-build;%'")
                .query(Long.class).single();
    }
}
