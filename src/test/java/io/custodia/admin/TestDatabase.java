package io.custodia.admin;

import io.custodia.crypto.RootKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A fresh in-memory H2 database and master key for one test class. */
final class TestDatabase {

    final String url = "jdbc:h2:mem:demo-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    final Path keysetFile;

    TestDatabase() {
        try {
            keysetFile = Files.createTempFile("custodia-test-keyset", ".json");
            keysetFile.toFile().deleteOnExit();
            Files.writeString(keysetFile, RootKeys.generateJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same settings as {@code --name=value} arguments for the command line. */
    String[] arguments() {
        return new String[] {"--spring.datasource.url=" + url, "--custodia.crypto.master-keyset-file=" + keysetFile};
    }
}
