package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Seals the payload of a link emailed to a person (a preference-centre or confirmation link): AES-256-GCM
 * under a system key of its own ("links"), so the link is opaque (no id or personal data readable in the
 * URL) and cannot be forged or altered. Expiry and purpose live in the payload and are checked by the
 * caller. URL-safe base64 without padding.
 */
@Service
public class LinkSeals {

    private static final byte[] CONTEXT = "custodia-link-v1".getBytes(StandardCharsets.UTF_8);
    private final Aead aead;

    LinkSeals(SystemKeys systemKeys) {
        try {
            this.aead = systemKeys.getOrCreate("links", PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the link key", e);
        }
    }

    public String seal(String payload) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(aead.encrypt(payload.getBytes(StandardCharsets.UTF_8), CONTEXT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a link", e);
        }
    }

    /** The payload, or empty when the token was not sealed by this key or was altered. */
    public Optional<String> open(String token) {
        if (token == null || token.isEmpty() || token.length() > 2_000) return Optional.empty();
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(token);
            return Optional.of(new String(aead.decrypt(sealed, CONTEXT), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
