package io.custodia.access;

import io.custodia.shared.SubjectId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds, at start-up, each kind of blind index the data map declares that does not yet hold every person
 * (a field newly given {@code index: exact}, say): reads the vault in batches, each batch its own
 * transaction, then records the kind as built. Kinds the data map no longer declares are dropped, so a
 * digest is never kept for a search nobody may run. Interrupted, it starts over at the next start; two
 * nodes starting together both write the same rows, batch by batch, under row locks.
 */
@Component
class BlindIndexBuild {

    private static final Logger log = LoggerFactory.getLogger(BlindIndexBuild.class);
    static final int BATCH = 500;

    private final PersonalDataGateway gateway;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AccessAudit audit;

    BlindIndexBuild(PersonalDataGateway gateway, JdbcClient jdbc, Clock clock, AccessAudit audit) {
        this.audit = audit;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener(ApplicationStartedEvent.class)
    void onStart() {
        build();
    }

    /** Builds what is missing, drops what is no longer declared; returns the kinds it built. */
    Set<String> build() {
        Set<String> declared = gateway.declaredIndexKinds();
        Set<String> built = new TreeSet<>(jdbc.sql("SELECT kind FROM blind_index_built").query(String.class).list());
        Set<String> dropped = new TreeSet<>(built);
        dropped.removeAll(declared);
        if (!dropped.isEmpty()) {
            jdbc.sql("DELETE FROM blind_index WHERE kind IN (:kinds)").param("kinds", dropped).update();
            jdbc.sql("DELETE FROM blind_index_built WHERE kind IN (:kinds)").param("kinds", dropped).update();
            log.info("Dropped the blind indexes the data map no longer declares: {}", dropped);
        }
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(built);
        if (missing.isEmpty()) return missing;
        long total = jdbc.sql("SELECT COUNT(*) FROM person_data").query(Long.class).single();
        if (total > 0) log.info("Building the blind indexes {} for {} persons stored before the data map declared them", missing, total);
        long done = 0;
        UUID after = null;
        while (true) {
            List<SubjectId> batch = (after == null
                    ? jdbc.sql("SELECT subject_id FROM person_data ORDER BY subject_id LIMIT " + BATCH)
                    : jdbc.sql("SELECT subject_id FROM person_data WHERE subject_id > ? ORDER BY subject_id LIMIT " + BATCH).param(after))
                    .query((rs, n) -> new SubjectId(rs.getObject(1, UUID.class))).list();
            if (batch.isEmpty()) break;
            done += gateway.rebuildIndexes(missing, batch);
            after = batch.getLast().value();
            if (done % 100_000 < BATCH) log.info("Blind indexes {}: {} of {} persons", missing, done, total);
        }
        // the build decrypted every person's indexed fields: the act is in the ledger, once, before the build counts as done
        if (done > 0) audit.indexesBuilt(missing, done);
        for (String kind : missing) {
            jdbc.sql("DELETE FROM blind_index_built WHERE kind = ?").param(kind).update();
            jdbc.sql("INSERT INTO blind_index_built (kind, built_at) VALUES (?, ?)").params(kind, Timestamp.from(clock.instant())).update();
        }
        if (total > 0) log.info("Blind indexes {} built for {} persons", missing, done);
        return missing;
    }
}
