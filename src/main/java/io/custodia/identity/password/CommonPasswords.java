package io.custodia.identity.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Loads a blocklist of common passwords: UTF-8 text, one password a line, blank lines and lines starting with "#"
 * ignored. Entries are folded the way {@link PasswordPolicy} folds candidates, so the file's case does not matter.
 */
public final class CommonPasswords {

    /** The list shipped with Custodia; its header names its sources and licence. */
    public static final String BUNDLED_RESOURCE = "identity/common-passwords.txt";

    private CommonPasswords() {}

    /** The list shipped with Custodia. */
    public static Set<String> bundled() {
        return fromClasspath(BUNDLED_RESOURCE);
    }

    /**
     * @param resource a path on the class path, without a leading slash
     * @throws IllegalArgumentException if there is no such resource
     */
    public static Set<String> fromClasspath(String resource) {
        Objects.requireNonNull(resource, "resource must not be null");
        ClassLoader loader = CommonPasswords.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("resource not found on the class path: " + resource);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Set<String> read(InputStream in) throws IOException {
        Set<String> passwords = new HashSet<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                passwords.add(PasswordPolicy.fold(line));
            }
        }
        return Set.copyOf(passwords);
    }
}
