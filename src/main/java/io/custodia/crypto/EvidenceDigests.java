package io.custodia.crypto;

import org.springframework.stereotype.Service;


/**
 * Keyed digests of evidence that must not be kept in clear: the IP address a person consented from
 * (kept as proof of the consent, GDPR Art. 7(1), without storing the address). HMAC-SHA256 under a key
 * of its own ("evidence"), so a digest can be matched against a known address by whoever holds the
 * key, and by no one else; it is neither a blind index nor a data key.
 */
@Service
public class EvidenceDigests {

    private final KeyedDigest digest;

    EvidenceDigests(SystemKeys systemKeys) {
        this.digest = new KeyedDigest(systemKeys, "evidence");
    }

    /** The digest of an IP address, as written (trimmed, lowercase). */
    public String ipAddress(String address) {
        return digest.digest("ip:" + address.trim().toLowerCase(java.util.Locale.ROOT));
    }
}
