package io.custodia.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.custodia.shared.SubjectId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** Data keys in memory: a batch of new keys larger than the cache stays usable without fetching them again. */
class DataKeysTest {

    private static final int CACHE_SIZE = 100;

    private final DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate sql = new JdbcTemplate(dataSource);
    private final DataKeys keys;

    DataKeysTest() throws Exception {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/crypto/V1__crypto.sql")).execute(dataSource);
        RootKey master = new RootKey(RootKeys.aead(
                TinkJsonProtoKeysetFormat.parseKeyset(RootKeys.generateJson(), InsecureSecretKeyAccess.get())));
        keys = new DataKeys(JdbcClient.create(dataSource), sql, master, Clock.systemUTC(),
                new CryptoProperties(Path.of("unused"), false, CACHE_SIZE));
    }

    @Test
    void servesABatchOfNewKeysLargerThanTheCacheFromMemory() {
        List<SubjectId> batch = subjects(1_000);
        keys.create(batch);
        // Rows gone behind the keys' back: what find() still returns was not fetched again.
        sql.update("DELETE FROM subject_key");

        assertThat(batch).allSatisfy(subject -> assertThat(keys.find(subject)).isPresent());
    }

    @Test
    void shreddingForgetsTheKeyInEveryTier() {
        List<SubjectId> batch = subjects(10);
        keys.create(batch);

        assertThat(keys.shred(batch.get(3))).isTrue();

        assertThat(keys.find(batch.get(3))).isEmpty();
        assertThat(keys.find(batch.get(4))).isPresent();
    }

    @Test
    void evictionAfterARollbackForgetsKeysNeverCommitted() {
        List<SubjectId> batch = subjects(10);
        keys.create(batch);
        sql.update("DELETE FROM subject_key");

        keys.evict(batch);

        assertThat(batch).allSatisfy(subject -> assertThat(keys.find(subject)).isEmpty());
    }

    @Test
    void keysReadAlongWithAPageLargerThanTheCacheAreNotFetchedTwice() {
        List<SubjectId> page = subjects(500);
        keys.create(page);
        java.util.Map<SubjectId, byte[]> wrapped = new java.util.HashMap<>();
        for (SubjectId subject : page) {
            wrapped.put(subject, sql.queryForObject("SELECT wrapped_key FROM subject_key WHERE subject_id = ?", byte[].class, subject.value()));
        }
        keys.evict(page);

        page.forEach(subject -> assertThat(keys.offer(subject, wrapped.get(subject))).isTrue());
        sql.update("DELETE FROM subject_key");

        assertThat(page).allSatisfy(subject -> assertThat(keys.find(subject)).isPresent());
    }

    @Test
    void aMissingWrappedKeyMeansTheSubjectWasErased() {
        SubjectId subject = subjects(1).get(0);
        keys.create(List.of(subject));
        assertThat(keys.offer(subject, null)).isFalse();
        sql.update("DELETE FROM subject_key");
        assertThat(keys.find(subject)).isEmpty();
    }

    private static List<SubjectId> subjects(int count) {
        return Stream.generate(SubjectId::random).limit(count).toList();
    }
}
