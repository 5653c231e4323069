package io.custodia.crypto;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.springframework.stereotype.Service;

/**
 * A keyed digest under one named system key: HMAC-SHA256 as a Tink PRF, truncated to 128 bits (enough
 * to make collisions negligible, short enough to keep indexes small), in hex. Blind indexes, consent
 * evidence and API request keys each use one, under keys of their own.
 */
final class KeyedDigest {

    private static final int DIGEST_BYTES = 16;
    private final PrfSet prf;
    private final String keyName;

    KeyedDigest(SystemKeys systemKeys, String keyName) {
        this.keyName = keyName;
        try {
            this.prf = systemKeys.getOrCreate(keyName, PredefinedPrfParameters.HMAC_SHA256_PRF).getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the " + keyName + " key", e);
        }
    }

    String digest(String input) {
        return digest(input.getBytes(StandardCharsets.UTF_8));
    }

    String digest(byte[] input) {
        try {
            return HexFormat.of().formatHex(prf.computePrimary(input, DIGEST_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keyed digest under " + keyName + " failed", e);
        }
    }
}
