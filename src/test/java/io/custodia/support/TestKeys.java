package io.custodia.support;

import io.custodia.crypto.RootKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh master keyset file per test context, so no test depends on a developer's ./data. */
public final class TestKeys {

    private TestKeys() {
    }

    public static Path freshKeysetFile() {
        try {
            Path dir = Files.createTempDirectory("custodia-test-keys");
            Path file = dir.resolve("master-keyset.json");
            Files.writeString(file, RootKeys.generateJson());
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
