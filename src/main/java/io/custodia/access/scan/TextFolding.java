package io.custodia.access.scan;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Accent folding that remembers, for every folded character, the index of the original character it came
 * from, so that matches on the folded text map back to spans of the original (findings point into the input).
 */
final class TextFolding {

    /** The text without diacritics, case kept (for acronyms matched case-sensitively). */
    private final String cased;
    /** {@code cased} lowercased character by character, so it has the same length and indexes. */
    private final String lower;
    /** For each index of {@code cased}/{@code lower}, the index of the original character. */
    private final int[] origin;

    private TextFolding(String cased, String lower, int[] origin) {
        this.cased = cased;
        this.lower = lower;
        this.origin = origin;
    }

    String cased() {
        return cased;
    }

    String lower() {
        return lower;
    }

    static TextFolding of(String text) {
        StringBuilder cased = new StringBuilder(text.length());
        int[] origin = new int[text.length() + 8];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String folded;
            if (c < 0x80) {
                folded = null;
            } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue; // a combining accent of an already decomposed letter
            } else {
                folded = fold(c);
            }
            int needed = cased.length() + (folded == null ? 1 : folded.length());
            if (needed > origin.length) {
                origin = Arrays.copyOf(origin, Math.max(needed, origin.length * 2));
            }
            if (folded == null) {
                origin[cased.length()] = i;
                cased.append(c);
            } else {
                for (int k = 0; k < folded.length(); k++) {
                    origin[cased.length()] = i;
                    cased.append(folded.charAt(k));
                }
            }
        }
        StringBuilder lower = new StringBuilder(cased.length());
        for (int i = 0; i < cased.length(); i++) {
            lower.append(Character.toLowerCase(cased.charAt(i)));
        }
        return new TextFolding(cased.toString(), lower.toString(), Arrays.copyOf(origin, cased.length()));
    }

    /** Folds one non-ASCII character: ligatures spelled out, otherwise canonical decomposition minus marks. */
    private static String fold(char c) {
        String ligature = switch (c) {
            case 'œ' -> "oe";
            case 'Œ' -> "OE";
            case 'æ' -> "ae";
            case 'Æ' -> "AE";
            default -> null;
        };
        if (ligature != null) {
            return ligature;
        }
        if (Character.isSurrogate(c)) {
            return String.valueOf(c);
        }
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int k = 0; k < decomposed.length(); k++) {
            char d = decomposed.charAt(k);
            if (Character.getType(d) != Character.NON_SPACING_MARK) {
                out.append(d);
            }
        }
        return out.isEmpty() ? String.valueOf(c) : out.toString();
    }

    /** Folds a whole string (for the lexicon's terms). */
    static String foldCased(String s) {
        return of(s).cased();
    }

    /** Index in the original text where the folded index {@code foldedStart} begins. */
    int originalStart(int foldedStart) {
        return origin[foldedStart];
    }

    /** Index in the original text just after the folded range ending at {@code foldedEnd}, marks included. */
    int originalEnd(String original, int foldedEnd) {
        int end = origin[foldedEnd - 1] + 1;
        while (end < original.length() && Character.getType(original.charAt(end)) == Character.NON_SPACING_MARK) {
            end++;
        }
        return end;
    }
}
