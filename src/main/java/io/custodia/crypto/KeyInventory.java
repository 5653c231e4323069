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

    private final JdbcClient jdbc;

    KeyInventory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<SystemKey> systemKeys() {
        return jdbc.sql("SELECT name, created_at FROM system_key ORDER BY created_at, name")
                .query((rs, n) -> new SystemKey(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant())).list();
    }
}
