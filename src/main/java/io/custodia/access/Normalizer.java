package io.custodia.access;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Normalisation before blind indexing, so that equal values written differently meet the same digest:
 * emails lowercased, phones reduced to E.164-like digits, names folded to unaccented lowercase tokens.
 */
final class Normalizer {

    static final int NAME_SHORT = 3;
    static final int NAME_LONG = 5;

    private Normalizer() {
    }

    /** A value matched whole (a language, a jurisdiction, a tag): composed, trimmed and case folded. */
    static String exact(String value) {
        return java.text.Normalizer.normalize(value.strip(), Form.NFC).toLowerCase(Locale.ROOT);
    }

    static String email(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Phones: separators dropped, {@code 00} read as {@code +}, and a 10-digit national number starting
     * with 0 read as French (+33), Custodia's home market. Other national numbers keep their digits.
     */
    static String phone(String phone) {
        StringBuilder digits = new StringBuilder();
        String trimmed = phone.strip();
        boolean plus = trimmed.startsWith("+");
        for (char c : trimmed.toCharArray()) {
            if (c >= '0' && c <= '9') digits.append(c);
        }
        String d = digits.toString();
        if (plus) return "+" + d;
        if (d.startsWith("00")) return "+" + d.substring(2);
        if (d.length() == 10 && d.startsWith("0")) return "+33" + d.substring(1);
        return d;
    }

    /** Name tokens: accents removed, lowercase, split on anything that is not a letter or digit. */
    static List<String> nameTokens(String text) {
        String folded = java.text.Normalizer.normalize(text, Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        for (String token : folded.split("[^\\p{L}\\p{N}]+")) {
            if (!token.isEmpty()) tokens.add(token);
        }
        return tokens;
    }

    /** The (kind, prefix) pairs to index for a name token: its first 3 and first 5 letters, or the whole short token. */
    static Set<String[]> namePrefixes(String token) {
        Set<String[]> prefixes = new LinkedHashSet<>();
        prefixes.add(new String[] {"name3", token.length() <= NAME_SHORT ? token : token.substring(0, NAME_SHORT)});
        if (token.length() >= NAME_LONG) {
            prefixes.add(new String[] {"name5", token.substring(0, NAME_LONG)});
        }
        return prefixes;
    }
}
