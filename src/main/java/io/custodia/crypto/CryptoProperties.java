package io.custodia.crypto;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param masterKeysetFile         where the master keyset (Tink JSON) lives when CUSTODIA_MASTER_KEYSET is not set
 * @param allowGeneratedMasterKey  generate a development keyset when none exists (never in production)
 * @param dataKeyCacheSize         how many unwrapped data keys stay in memory (bounded, LRU-like)
 */
@ConfigurationProperties("custodia.crypto")
public record CryptoProperties(Path masterKeysetFile, boolean allowGeneratedMasterKey, int dataKeyCacheSize) {

    public CryptoProperties {
        if (masterKeysetFile == null) masterKeysetFile = Path.of("data", "master-keyset.json");
        if (dataKeyCacheSize <= 0) dataKeyCacheSize = 20_000;
    }
}
