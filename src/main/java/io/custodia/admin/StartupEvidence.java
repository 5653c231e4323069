package io.custodia.admin;

import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.audit.AuditQuery;
import io.custodia.crypto.KeyInventory;
import io.custodia.datamap.DataMapFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, records what changed since the ledger last looked (GDPR Art. 30 and 32):
 * the data map when its text differs from the last one recorded ({@code DATAMAP_LOADED}), and every
 * system key generated and not yet recorded ({@code KEY_GENERATED}), by this node, another one or a command.
 * It lives here, above the modules it reads from, because the ledger depends on none of them.
 */
@Component
public class StartupEvidence {

    private static final Logger log = LoggerFactory.getLogger(StartupEvidence.class);

    private final AuditLedger ledger;
    private final AuditQuery entries;
    private final KeyInventory keys;
    private final DataMapFingerprint dataMap;

    StartupEvidence(AuditLedger ledger, AuditQuery entries, KeyInventory keys, DataMapFingerprint dataMap) {
        this.ledger = ledger;
        this.entries = entries;
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

    public void record() {
        String map = "source=" + dataMap.source() + "; version=" + dataMap.version() + "; sha256=" + dataMap.sha256();
        if (!entries.lastDetail(AuditAction.DATAMAP_LOADED).map(map::equals).orElse(false)) {
            ledger.record(AuditEvent.of("SYSTEM", "system", AuditAction.DATAMAP_LOADED, AuditOutcome.ALLOWED).withDetail(map));
        }
        // the master key when it is not the one last recorded: generated at this start (development), rotated, restored
        KeyInventory.MasterKey master = keys.masterKey();
        String masterDetail = "key=master; keyId=" + master.keyId() + "; source=" + master.source();
        if (!entries.lastDetail(AuditAction.KEY_GENERATED, "key=master;").map(masterDetail::equals).orElse(false)) {
            ledger.record(AuditEvent.of("SYSTEM", "system", AuditAction.KEY_GENERATED, AuditOutcome.ALLOWED).withDetail(masterDetail));
        }
        for (KeyInventory.SystemKey key : keys.systemKeys()) {
            String detail = "key=" + key.name() + "; generated=" + key.createdAt();
            if (!entries.exists(AuditAction.KEY_GENERATED, detail)) {
                ledger.record(AuditEvent.of("SYSTEM", "system", AuditAction.KEY_GENERATED, AuditOutcome.ALLOWED).withDetail(detail));
            }
        }
    }
}
