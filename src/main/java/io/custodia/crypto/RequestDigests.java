package io.custodia.crypto;

import org.springframework.stereotype.Service;

/**
 * Keyed digests of what an API client sends with an {@code Idempotency-Key}: the key (a client may choose any text,
 * an email address included) and the request's body (it holds personal data), kept 24 hours to recognise a retry.
 * HMAC-SHA256 under a key of its own ("request-keys"), like {@link EvidenceDigests}: a digest cannot be matched
 * against a guessed key or body without the key.
 */
@Service
public class RequestDigests {

    private final KeyedDigest digest;

    RequestDigests(SystemKeys systemKeys) {
        this.digest = new KeyedDigest(systemKeys, "request-keys");
    }

    /** The digest of a client's idempotency key, as sent. */
    public String key(String key) {
        return digest.digest("key:" + key);
    }

    /** The digest of a request's body, byte for byte. */
    public String body(byte[] body) {
        return digest.digest(body);
    }
}
