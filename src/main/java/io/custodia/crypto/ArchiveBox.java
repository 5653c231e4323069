package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Service;

/**
 * Encrypts the archives Custodia keeps for a short while (a person's access package, waiting to be
 * downloaded) under a system key of their own ("archives"), bound to what each archive is.
 */
@Service
public class ArchiveBox {

    private final Aead aead;

    ArchiveBox(SystemKeys systemKeys) {
        try {
            this.aead = systemKeys.getOrCreate("archives", PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the archive key", e);
        }
    }

    /** Encrypts an archive bound to its context (e.g. {@code access-package:<id>}). */
    public byte[] seal(String context, byte[] archive) {
        try {
            return aead.encrypt(archive, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an archive", e);
        }
    }

    /** @throws IllegalStateException when the archive was altered or belongs to another context */
    public byte[] open(String context, byte[] sealed) {
        try {
            return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an archive does not authenticate for " + context, e);
        }
    }
}
