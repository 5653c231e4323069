package io.custodia.access.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Terms revealing a special category of personal data (GDPR Art. 9(1)): whole words, accent-insensitive,
 * matched on word tokens of the folded text. Multi-word terms match across spaces, hyphens and apostrophes;
 * a word of 4 or more letters also matches with a trailing "s" (French and English regular plural).
 */
final class SpecialCategoryDetector implements Detector {

    /** The widest gap (spaces, hyphens, apostrophes) allowed between two words of one term. */
    private static final int MAX_GAP = 3;

    private final SpecialCategoryLexicon lexicon;

    SpecialCategoryDetector(SpecialCategoryLexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public void detect(String text, List<Finding> out) {
        TextFolding folding = TextFolding.of(text);
        String lower = folding.lower();
        List<int[]> tokens = tokenize(lower);
        int i = 0;
        while (i < tokens.size()) {
            SpecialCategoryLexicon.Term best = null;
            for (SpecialCategoryLexicon.Term term : candidates(folding, tokens.get(i))) {
                if (matches(term, folding, tokens, i) && (best == null || term.tokens().size() > best.tokens().size())) {
                    best = term;
                }
            }
            if (best == null) {
                i++;
                continue;
            }
            int last = i + best.tokens().size() - 1;
            int start = folding.originalStart(tokens.get(i)[0]);
            int end = folding.originalEnd(text, tokens.get(last)[1]);
            out.add(Finding.special(best.category(), start, end));
            i = last + 1;
        }
    }

    /** Terms that may start at this token: exact (or singular) lowercase form, and the cased form for acronyms. */
    private List<SpecialCategoryLexicon.Term> candidates(TextFolding folding, int[] token) {
        String lower = folding.lower().substring(token[0], token[1]);
        List<SpecialCategoryLexicon.Term> found = new ArrayList<>();
        for (SpecialCategoryLexicon.Term t : lexicon.startingWith(lower)) {
            if (!t.caseSensitive()) {
                found.add(t);
            }
        }
        if (lower.length() >= 5 && lower.endsWith("s")) {
            for (SpecialCategoryLexicon.Term t : lexicon.startingWith(lower.substring(0, lower.length() - 1))) {
                if (!t.caseSensitive()) {
                    found.add(t);
                }
            }
        }
        for (SpecialCategoryLexicon.Term t : lexicon.startingWith(folding.cased().substring(token[0], token[1]))) {
            if (t.caseSensitive()) {
                found.add(t);
            }
        }
        return found;
    }

    private static boolean matches(SpecialCategoryLexicon.Term term, TextFolding folding, List<int[]> tokens, int i) {
        List<String> words = term.tokens();
        if (i + words.size() > tokens.size()) {
            return false;
        }
        String source = term.caseSensitive() ? folding.cased() : folding.lower();
        for (int k = 0; k < words.size(); k++) {
            int[] token = tokens.get(i + k);
            if (k > 0 && !joinable(source, tokens.get(i + k - 1)[1], token[0])) {
                return false;
            }
            if (!sameWord(words.get(k), source.substring(token[0], token[1]), !term.caseSensitive())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameWord(String word, String token, boolean allowPlural) {
        if (token.equals(word)) {
            return true;
        }
        // Regular plural only for real words (4+ letters) not already ending in s or x: keeps acronyms exact.
        return allowPlural && word.length() >= 4 && !word.endsWith("s") && !word.endsWith("x")
                && token.length() == word.length() + 1 && token.startsWith(word) && token.endsWith("s");
    }

    private static boolean joinable(String text, int from, int to) {
        if (to - from > MAX_GAP) {
            return false;
        }
        for (int p = from; p < to; p++) {
            char c = text.charAt(p);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '-' && c != '\'' && c != '\u2019'
                    && c != '\u2010' && c != '\u2011') {
                return false;
            }
        }
        return true;
    }

    /** Maximal runs of letters and digits, as [start, end) in the folded text. */
    private static List<int[]> tokenize(String s) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (!Character.isLetterOrDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) {
                j++;
            }
            tokens.add(new int[] {i, j});
            i = j;
        }
        return tokens;
    }
}
