package io.custodia.crypto;

import org.springframework.stereotype.Service;


/**
 * Keyed blind indexes (invariant 2): HMAC-SHA256 PRF of a normalised value under the index key, a
 * key of its own (not a data key, not the master key). Truncated to 128 bits: enough to make
 * collisions negligible, short enough to keep the index small.
 */
@Service
public class BlindIndex {

    private final KeyedDigest digest;

    BlindIndex(SystemKeys systemKeys) {
        this.digest = new KeyedDigest(systemKeys, "blind-index");
    }

    /**
     * The digest of a value already normalised by the caller, in a domain (e.g. {@code email}) so that
     * equal strings in different domains do not share a digest.
     */
    public String digest(String domain, String normalisedValue) {
        return digest.digest(domain + ":" + normalisedValue);
    }
}
