package io.custodia.admin;

import java.util.List;

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
        // the master key: generated at this start (development), or loaded and not the one last recorded (its first start, a
        // rotation, a restore); the same key loaded again from elsewhere (the generated file, next start) is the same key
        KeyInventory.MasterKey master = keys.masterKey();
        String masterId = "key=master; keyId=" + master.keyId() + ";";
        String masterDetail = masterId + " source=" + master.source();
        boolean recorded = entries.lastDetail(List.of(AuditAction.KEY_GENERATED, AuditAction.KEY_IN_USE), "key=master;")
                .map(d -> d.startsWith(masterId)).orElse(false);
        if (!recorded) {
            ledger.record(AuditEvent.of("SYSTEM", "system", master.generatedNow() ? AuditAction.KEY_GENERATED : AuditAction.KEY_IN_USE,
                    AuditOutcome.ALLOWED).withDetail(masterDetail));
        }
        for (KeyInventory.SystemKey key : keys.systemKeys()) {
            String detail = "key=" + key.name() + "; generated=" + key.createdAt();
            if (!entries.exists(AuditAction.KEY_GENERATED, detail)) {
                ledger.record(AuditEvent.of("SYSTEM", "system", AuditAction.KEY_GENERATED, AuditOutcome.ALLOWED).withDetail(detail));
            }
        }
    }
}
