package io.custodia.admin;

import java.text.Normalizer;
import java.util.Locale;

/** ASCII slugs of names, for the local parts of demo emails and the domains of demo companies. */
final class Slugs {

    private Slugs() {
    }

    /** {@code "Éléonore D'Arc"} gives {@code "eleonore-darc"}: accents and apostrophes dropped, words joined by {@code sep}. */
    static String of(String text, String separator) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace("'", "").replace("’", "").toLowerCase(Locale.ROOT);
        return String.join(separator, folded.split("[^a-z0-9]+")).replaceAll("^-+|-+$", "").replaceAll("^\\.+|\\.+$", "");
    }
}
