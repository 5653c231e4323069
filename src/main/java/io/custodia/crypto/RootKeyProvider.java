package io.custodia.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.util.Optional;

/**
 * Where the master keyset comes from. Providers are tried in order of {@link #priority()}; the first
 * that has a keyset wins. A KMS-backed provider plugs in here (Keycloak-style SPI: an id, a life cycle,
 * documented configuration).
 */
public interface RootKeyProvider {

    /** A short id for logs and the admin command line, e.g. {@code env} or {@code file}. */
    String id();

    /** Lower runs first. */
    int priority();

    /** The master keyset, or empty when this provider is not configured. Throws when configured but unreadable. */
    Optional<KeysetHandle> load();
}
