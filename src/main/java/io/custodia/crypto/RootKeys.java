package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PrfConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the master key among the providers, or generates a development one with a loud warning. */
public final class RootKeys {

    private static final Logger log = LoggerFactory.getLogger(RootKeys.class);

    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RootKeys() {
    }

    /** A new AES-256-GCM master keyset in Tink's JSON format: what {@code generate-master-key} prints. */
    public static String generateJson() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a master keyset", e);
        }
    }

    static RootKey resolve(List<RootKeyProvider> providers, CryptoProperties properties) {
        List<RootKeyProvider> ordered = providers.stream().sorted(Comparator.comparingInt(RootKeyProvider::priority)).toList();
        for (RootKeyProvider provider : ordered) {
            var keyset = provider.load();
            if (keyset.isPresent()) {
                log.info("Master key loaded from provider '{}'", provider.id());
                return new RootKey(aead(keyset.get()), new KeyInventory.MasterKey(provider.id(), primaryId(keyset.get()), false));
            }
        }
        if (!properties.allowGeneratedMasterKey()) {
            throw new IllegalStateException("No master key: set " + EnvRootKeyProvider.VARIABLE
                    + " or custodia.crypto.master-keyset-file (generate one with: java -jar custodia.jar generate-master-key)");
        }
        KeysetHandle generated = generateDevelopmentKeyset(properties.masterKeysetFile());
        return new RootKey(aead(generated), new KeyInventory.MasterKey("generated-development", primaryId(generated), true));
    }

    /** The id Tink gives the keyset's primary key: a number that names the key, nothing of its material. */
    private static long primaryId(KeysetHandle handle) {
        return Integer.toUnsignedLong(handle.getPrimary().getId());
    }

    static Aead aead(KeysetHandle handle) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset is not an AEAD keyset (expected AES256_GCM)", e);
        }
    }

    private static KeysetHandle generateDevelopmentKeyset(Path file) {
        String json = generateJson();
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try {
                // created owner-only from the start: no window in which the default umask applies
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, json);
            String bar = "*".repeat(100);
            log.warn("\n{}\n*** DEVELOPMENT MASTER KEY GENERATED at {}\n"
                    + "*** Every person's data key is wrapped by it: lose it and all personal data is lost; leak it and\n"
                    + "*** the encryption protects nothing. For real use, generate a key with\n"
                    + "***     java -jar custodia.jar generate-master-key > /secure/place/master-keyset.json\n"
                    + "*** and supply it through the environment variable {} or custodia.crypto.master-keyset-file,\n"
                    + "*** and set custodia.crypto.allow-generated-master-key=false.\n{}",
                    bar, file.toAbsolutePath(), EnvRootKeyProvider.VARIABLE, bar);
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the development master keyset to " + file.toAbsolutePath(), e);
        }
    }
}
