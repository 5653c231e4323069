package io.custodia.crypto;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.springframework.stereotype.Service;

/**
 * Keyed digests of evidence that must not be kept in clear: the IP address a person consented from
 * (kept as proof of the consent, GDPR Art. 7(1), without storing the address). HMAC-SHA256 under a key
 * of its own ("evidence"), so a digest can be matched against a known address by whoever holds the
 * key, and by no one else; it is neither a blind index nor a data key.
 */
@Service
public class EvidenceDigests {

    private static final int DIGEST_BYTES = 16;
    private final PrfSet prf;

    EvidenceDigests(SystemKeys systemKeys) {
        try {
            this.prf = systemKeys.getOrCreate("evidence", PredefinedPrfParameters.HMAC_SHA256_PRF)
                    .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the evidence key", e);
        }
    }

    /** The digest of an IP address, as written (trimmed, lowercase). */
    public String ipAddress(String address) {
        try {
            byte[] out = prf.computePrimary(("ip:" + address.trim().toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.UTF_8), DIGEST_BYTES);
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("evidence digest failed", e);
        }
    }
}
