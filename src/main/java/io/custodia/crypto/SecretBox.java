package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Service;

/** Encrypts system secrets that are not subjects' data (staff TOTP secrets) under a system key. */
@Service
public class SecretBox {

    private final Aead aead;

    SecretBox(SystemKeys systemKeys) {
        try {
            this.aead = systemKeys.getOrCreate("staff-secrets", PredefinedAeadParameters.AES256_GCM)
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the staff-secret key", e);
        }
    }

    /** Encrypts a secret bound to its context (e.g. {@code totp:<account id>}). */
    public byte[] seal(String context, byte[] secret) {
        try {
            return aead.encrypt(secret, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal secret", e);
        }
    }

    public byte[] open(String context, byte[] sealed) {
        try {
            return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed secret does not authenticate for " + context, e);
        }
    }
}
