package io.custodia.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The verify-ledger command: exit 0 on an intact chain, 1 naming the entry an SQL edit altered. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"custodia.identity.create-first-admin=false", "custodia.test.context=verify-ledger"})
class VerifyLedgerIntegrationTests {

    private static final TestDatabase DATABASE = new TestDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE.url);
        registry.add("custodia.crypto.master-keyset-file", DATABASE.keysetFile::toString);
    }

    @Autowired
    AdminCommands commands;
    @Autowired
    AuditLedger ledger;
    @Autowired
    JdbcClient jdbc;

    @Test
    void reportsAnIntactChainThenNamesTheAlteredEntry() throws UsageException {
        for (int i = 0; i < 3; i++) {
            ledger.append(AuditEvent.of("SYSTEM", "system", AuditAction.READ, AuditOutcome.ALLOWED).withDetail("fields=person.emails"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(commands.run(Command.VERIFY_LEDGER, Options.parse(Command.VERIFY_LEDGER, java.util.List.of()), console)).isZero();
        // the three entries, after those recorded at start-up (data map, system keys)
        long entries = jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
        assertThat(entries).isGreaterThanOrEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Audit ledger verified: " + entries + " entries, chain intact.");

        long second = entries - 1;
        jdbc.sql("UPDATE audit_entry SET detail = 'fields=person.phones' WHERE seq = ?").param(second).update();
        assertThat(commands.run(Command.VERIFY_LEDGER, Options.parse(Command.VERIFY_LEDGER, java.util.List.of()), console))
                .isEqualTo(AdminCommandLine.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Audit ledger BROKEN at entry " + second + " (ALTERED)");
    }
}
