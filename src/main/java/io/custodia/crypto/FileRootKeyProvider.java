package io.custodia.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/** Reads the master keyset (Tink JSON) from a file, {@code custodia.crypto.master-keyset-file}. */
final class FileRootKeyProvider implements RootKeyProvider {

    private final Path file;

    FileRootKeyProvider(Path file) {
        this.file = file;
    }

    @Override
    public String id() {
        return "file";
    }

    @Override
    public int priority() {
        return 20;
    }

    Path file() {
        return file;
    }

    @Override
    public Optional<KeysetHandle> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset file " + file.toAbsolutePath()
                    + " cannot be read as a Tink JSON keyset: " + e.getMessage(), e);
        }
    }
}
