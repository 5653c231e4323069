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
}
