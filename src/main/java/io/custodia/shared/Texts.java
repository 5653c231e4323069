package io.custodia.shared;

/** Rules every stored text follows, wherever it is typed. */
public final class Texts {

    private Texts() {
    }

    /**
     * Whether the text holds a control character (C0, DEL or C1); line breaks and tabs count only in a one-line text.
     * A line break in a one-line text (a name, a mail subject) would start another line or header where it is shown.
     */
    public static boolean hasControl(String value, boolean multiline) {
        return value.chars().anyMatch(c -> (c < 0x20 || c >= 0x7f && c < 0xa0) && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
    }

    /** Whether the text holds a surrogate that is not half of a pair: not valid Unicode, stored as "?" or refused by the database. */
    public static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the text holds a character that changes the direction of what follows it (U+202A-202E, U+2066-2069): it
     * makes a name or a reason show as something else than it is (Unicode TR 36, "bidirectional text spoofing").
     */
    public static boolean hasDirectionOverride(String value) {
        return value.chars().anyMatch(c -> c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069);
    }

    /**
     * What no text Custodia takes may hold, wherever it comes from (a line break aside, which only some fields refuse):
     * a code for programs and an English sentence, or null when the text is fine.
     */
    public static @org.jspecify.annotations.Nullable Unsafe unsafe(String value) {
        if (hasControl(value, true)) return new Unsafe("control-character", "must not contain control characters");
        if (hasLoneSurrogate(value)) return new Unsafe("invalid-text", "holds a character that is not valid Unicode (a lone surrogate)");
        if (hasDirectionOverride(value)) {
            return new Unsafe("invalid-text", "must not contain characters that change the direction of the text (U+202A-202E, U+2066-2069)");
        }
        return null;
    }

    /** What is wrong with a text: a code for programs, and an English sentence that never quotes the text. */
    public record Unsafe(String code, String message) {
    }

    /**
     * A field name as a client sent it, fit to be repeated in an answer or an error: a name of the documented form
     * (a letter, then letters, digits, {@code _} or {@code -}, at most 40) as it is; anything else may be a value typed
     * where a name goes (an email address as a key), so it is not repeated.
     */
    public static String fieldName(String name) {
        return FIELD_NAME.matcher(name).matches() ? name : "(a field name not repeated here)";
    }

    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");
}
