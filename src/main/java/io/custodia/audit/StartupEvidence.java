package io.custodia.audit;

import io.custodia.crypto.KeyInventory;
import io.custodia.datamap.DataMapFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, records what changed since the ledger last looked (GDPR Art. 30 and 32):
 * the data map when its text differs from the last one recorded ({@code DATAMAP_LOADED}), and every
 * system key generated and not yet recorded ({@code KEY_GENERATED}), by this node, another one or a command.
 */
@Component
class StartupEvidence {

    private static final Logger log = LoggerFactory.getLogger(StartupEvidence.class);

    private final AuditLedger ledger;
    private final JdbcClient jdbc;
    private final KeyInventory keys;
    private final DataMapFingerprint dataMap;

    StartupEvidence(AuditLedger ledger, JdbcClient jdbc, KeyInventory keys, DataMapFingerprint dataMap) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.keys = keys;
        this.dataMap = dataMap;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordOnStart() {
        try {
            record();
        } catch (RuntimeException e) {
            log.warn("Could not record the data map and key generations in the audit ledger at start-up", e);
        }
    }

    void record() {
        String map = "source=" + dataMap.source() + "; version=" + dataMap.version() + "; sha256=" + dataMap.sha256();
        String last = jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'DATAMAP_LOADED' ORDER BY seq DESC LIMIT 1")
                .query(String.class).optional().orElse(null);
        if (!map.equals(last)) {
            ledger.record(AuditEvent.of("SYSTEM", "system", AuditAction.DATAMAP_LOADED, AuditOutcome.ALLOWED).withDetail(map));
        }
        for (KeyInventory.SystemKey key : keys.systemKeys()) {
            String detail = "key=" + key.name() + "; generated=" + key.createdAt();
            boolean recorded = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'KEY_GENERATED' AND detail = ?")
                    .param(detail).query(Long.class).single() > 0;
            if (!recorded) {
                ledger.record(AuditEvent.of("SYSTEM", "system", AuditAction.KEY_GENERATED, AuditOutcome.ALLOWED).withDetail(detail));
            }
        }
    }
}
