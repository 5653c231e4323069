package io.custodia.crypto;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.springframework.stereotype.Service;

/**
 * Keyed blind indexes (invariant 2): HMAC-SHA256 PRF of a normalised value under the index key, a
 * key of its own (not a data key, not the master key). Truncated to 128 bits: enough to make
 * collisions negligible, short enough to keep the index small.
 */
@Service
public class BlindIndex {

    private static final int DIGEST_BYTES = 16;
    private final PrfSet prf;

    BlindIndex(SystemKeys systemKeys) {
        try {
            this.prf = systemKeys.getOrCreate("blind-index", PredefinedPrfParameters.HMAC_SHA256_PRF)
                    .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the blind-index key", e);
        }
    }

    /**
     * The digest of a value already normalised by the caller, in a domain (e.g. {@code email}) so that
     * equal strings in different domains do not share a digest.
     */
    public String digest(String domain, String normalisedValue) {
        try {
            byte[] out = prf.computePrimary((domain + ":" + normalisedValue).getBytes(StandardCharsets.UTF_8), DIGEST_BYTES);
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blind index computation failed", e);
        }
    }
}
