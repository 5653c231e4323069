package io.custodia.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.function.Function;

/** Reads the master keyset (Tink JSON) from the environment variable {@code CUSTODIA_MASTER_KEYSET}. */
final class EnvRootKeyProvider implements RootKeyProvider {

    static final String VARIABLE = "CUSTODIA_MASTER_KEYSET";
    private final Function<String, String> environment;

    EnvRootKeyProvider(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String id() {
        return "env";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Optional<KeysetHandle> load() {
        String json = environment.apply(VARIABLE);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(VARIABLE + " does not hold a valid Tink JSON keyset"
                    + " (generate one with: java -jar custodia.jar generate-master-key)", e);
        }
    }
}
