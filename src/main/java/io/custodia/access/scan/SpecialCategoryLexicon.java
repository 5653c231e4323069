package io.custodia.access.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DPO-editable list of terms revealing a special category of personal data, read from
 * {@code scan/special-categories.txt} ({@code category<TAB>term} lines, {@code #} comments).
 *
 * <p>Terms are folded (accents removed) and split into word tokens. A term written entirely in capitals is an
 * acronym matched case-sensitively (RN, FO, AIDS), so that ordinary words ("fo", "aids") do not match; any
 * other term is matched case-insensitively.
 */
final class SpecialCategoryLexicon {

    static final String RESOURCE = "/scan/special-categories.txt";

    /** The closed list of GDPR Art. 9(1) categories, as named in findings. */
    static final Set<String> CATEGORIES = Set.of("racial_or_ethnic_origin", "political_opinion", "religion",
            "trade_union", "genetic", "biometric", "health", "sex_life_or_orientation");

    /** One term: its category, its folded word tokens, and whether case matters. */
    record Term(String category, List<String> tokens, boolean caseSensitive) {
    }

    private final Map<String, List<Term>> byFirstToken;
    private final int size;

    private SpecialCategoryLexicon(Map<String, List<Term>> byFirstToken, int size) {
        this.byFirstToken = byFirstToken;
        this.size = size;
    }

    /** Loads the bundled lexicon; a missing or malformed file is a deployment error. */
    static SpecialCategoryLexicon load() {
        try (InputStream in = SpecialCategoryLexicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("special-category lexicon not found on the classpath: " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Parses lexicon lines; rejects unknown categories so that a typo cannot silently disable a term. */
    static SpecialCategoryLexicon parse(List<String> lines) {
        if (lines == null) {
            throw new IllegalArgumentException("lines must not be null");
        }
        Map<String, List<Term>> byFirstToken = new HashMap<>();
        int size = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t+");
            if (fields.length != 2) {
                throw new IllegalArgumentException("lexicon line " + (n + 1) + ": expected category<TAB>term");
            }
            String category = fields[0].strip();
            if (!CATEGORIES.contains(category)) {
                throw new IllegalArgumentException("lexicon line " + (n + 1) + ": unknown category '" + category
                        + "', expected one of " + CATEGORIES);
            }
            Term term = term(category, fields[1].strip());
            if (term.tokens().isEmpty()) {
                throw new IllegalArgumentException("lexicon line " + (n + 1) + ": term has no letters");
            }
            byFirstToken.computeIfAbsent(term.tokens().getFirst(), k -> new ArrayList<>()).add(term);
            size++;
        }
        Map<String, List<Term>> frozen = new HashMap<>();
        byFirstToken.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new SpecialCategoryLexicon(Map.copyOf(frozen), size);
    }

    private static Term term(String category, String raw) {
        String folded = TextFolding.foldCased(raw);
        boolean hasLetter = folded.chars().anyMatch(Character::isLetter);
        boolean caseSensitive = hasLetter && folded.chars().noneMatch(Character::isLowerCase);
        String form = caseSensitive ? folded : folded.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < form.length()) {
            if (!Character.isLetterOrDigit(form.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < form.length() && Character.isLetterOrDigit(form.charAt(j))) {
                j++;
            }
            tokens.add(form.substring(i, j));
            i = j;
        }
        return new Term(category, List.copyOf(tokens), caseSensitive);
    }

    /** The terms whose first token is {@code token} (already folded, and lowercased for case-insensitive terms). */
    List<Term> startingWith(String token) {
        return byFirstToken.getOrDefault(token, List.of());
    }

    int size() {
        return size;
    }
}
