package io.custodia.crypto;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which system keys exist and when each was generated (names and dates only, never key material): the
 * audit module records each generation in the ledger (GDPR Art. 32, ASVS V16.2).
 */
@Service
public class KeyInventory {

    /** A system key: its name (e.g. {@code blind-index}) and when it was generated. */
    public record SystemKey(String name, Instant createdAt) {
    }

    /**
     * The master key in use: where it came from (a provider's id, or {@code generated-development}), the id Tink gives its
     * primary key (a number, no material), and whether this start generated it.
     */
    public record MasterKey(String source, long keyId, boolean generatedNow) {
    }

    private final JdbcClient jdbc;
    private final RootKey root;

    KeyInventory(JdbcClient jdbc, RootKey root) {
        this.jdbc = jdbc;
        this.root = root;
    }

    /** The master key this process wraps data keys with. */
    public MasterKey masterKey() {
        return root.inUse();
    }

    public List<SystemKey> systemKeys() {
        return jdbc.sql("SELECT name, created_at FROM system_key ORDER BY created_at, name")
                .query((rs, n) -> new SystemKey(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant())).list();
    }
}
