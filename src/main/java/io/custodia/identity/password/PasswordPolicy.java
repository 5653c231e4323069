package io.custodia.identity.password;

import io.custodia.identity.password.PasswordCheck.Problem;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The rules a password must pass when it is chosen (registration, change, reset), following OWASP ASVS 5.0 V6.2 and
 * NIST SP 800-63B section 3.1.1.2.
 *
 * <p>Length is the only structural rule: there are no composition rules (ASVS V6.2.5) and every character, spaces and
 * any Unicode included, is allowed. The length counts Unicode code points, as NIST requires, so an emoji counts as one
 * character. The password is then refused when it is a known common or breached password (ASVS V6.2.4, V6.2.12) or
 * contains a context-specific word: the username or the product name (ASVS V6.1.2, V6.2.11). Those comparisons ignore
 * case and compatibility forms (NFKC), so "ＣＵＳＴＯＤＩＡ" is caught like "custodia"; the password itself is never
 * changed (ASVS V6.2.8).
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordPolicy {

    /** Unicode code points; above ASVS's floor of 8, below NIST's 15 for passwords used as a single factor. */
    public static final int MIN_LENGTH = 12;
    /** Unicode code points; ASVS V6.2.9 requires at least 64 to be allowed. */
    public static final int MAX_LENGTH = 128;
    /** Shorter usernames ("al", "jo") would refuse too many honest passwords to be worth checking. */
    public static final int MIN_USERNAME_LENGTH = 3;
    /** Already folded. */
    static final String PRODUCT_NAME = "custodia";

    private final Set<String> commonPasswords;

    /** @param commonPasswords the blocklist; entries are folded here, so their case does not matter */
    public PasswordPolicy(Set<String> commonPasswords) {
        Objects.requireNonNull(commonPasswords, "commonPasswords must not be null");
        this.commonPasswords = commonPasswords.stream()
                .map(p -> fold(Objects.requireNonNull(p, "commonPasswords must not contain null")))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A policy with the list shipped with Custodia ({@link CommonPasswords#BUNDLED_RESOURCE}). Reads the list on each
     * call, so keep the policy (one instance per application).
     */
    public static PasswordPolicy withBundledList() {
        return new PasswordPolicy(CommonPasswords.bundled());
    }

    /**
     * @param candidate the password as typed, never trimmed or otherwise altered
     * @param username the account's username, or null while there is none; names shorter than
     *     {@link #MIN_USERNAME_LENGTH} code points are not looked for
     */
    public PasswordCheck check(String candidate, @Nullable String username) {
        Objects.requireNonNull(candidate, "candidate must not be null");
        List<Problem> problems = new ArrayList<>();
        int length = candidate.codePointCount(0, candidate.length());
        if (length < MIN_LENGTH) {
            problems.add(Problem.TOO_SHORT);
        }
        if (length > MAX_LENGTH) {
            problems.add(Problem.TOO_LONG);
        }
        String folded = fold(candidate);
        if (commonPasswords.contains(folded)) {
            problems.add(Problem.COMMON_PASSWORD);
        }
        if (containsUsername(folded, username)) {
            problems.add(Problem.CONTAINS_USERNAME);
        }
        if (folded.contains(PRODUCT_NAME)) {
            problems.add(Problem.CONTAINS_PRODUCT_NAME);
        }
        return new PasswordCheck(problems);
    }

    private static boolean containsUsername(String foldedCandidate, @Nullable String username) {
        if (username == null) {
            return false;
        }
        String name = fold(username.strip());
        return name.codePointCount(0, name.length()) >= MIN_USERNAME_LENGTH && foldedCandidate.contains(name);
    }

    /** The form in which passwords are compared with words: NFKC, then lowercase in a locale-independent way. */
    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** How many passwords are on the blocklist, for health checks and logs. */
    public int commonPasswordCount() {
        return commonPasswords.size();
    }
}
