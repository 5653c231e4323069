package io.custodia.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Named system keysets (blind-index key, staff-secret key), stored wrapped by the master key and
 * created on first use. Two nodes racing to create one converge on the first stored.
 */
@Component
class SystemKeys {

    private final JdbcClient jdbc;
    private final RootKey master;
    private final Clock clock;

    SystemKeys(JdbcClient jdbc, RootKey master, Clock clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.clock = clock;
    }

    KeysetHandle getOrCreate(String name, Parameters parameters) {
        return find(name).orElseGet(() -> create(name, parameters));
    }

    private Optional<KeysetHandle> find(String name) {
        return jdbc.sql("SELECT wrapped_key FROM system_key WHERE name = ?").param(name)
                .query(byte[].class).optional().map(wrapped -> unwrap(name, wrapped));
    }

    private KeysetHandle create(String name, Parameters parameters) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(parameters);
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, master.aead(), ad(name));
            jdbc.sql("INSERT INTO system_key (name, wrapped_key, created_at) VALUES (?, ?, ?)")
                    .params(name, wrapped, java.sql.Timestamp.from(clock.instant())).update();
            return handle;
        } catch (DuplicateKeyException raced) {
            return find(name).orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create system key " + name, e);
        }
    }

    private KeysetHandle unwrap(String name, byte[] wrapped) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.aead(), ad(name));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The system key '" + name
                    + "' cannot be unwrapped: the master key does not match this database", e);
        }
    }

    private static byte[] ad(String name) {
        return ("custodia:system-key:" + name).getBytes(StandardCharsets.UTF_8);
    }
}
