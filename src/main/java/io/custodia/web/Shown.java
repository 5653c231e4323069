package io.custodia.web;

import java.util.List;

/**
 * One field as the current purpose shows it: its values, or withheld ("hidden for this purpose"), or left out
 * because the person limited the use of their sensitive information (CCPA §7027).
 */
record Shown(List<String> values, boolean withheld, boolean limited) {

    static final Shown HIDDEN = new Shown(List.of(), true, false);
    static final Shown LIMITED = new Shown(List.of(), true, true);

    Shown {
        values = List.copyOf(values);
    }

    Shown(List<String> values, boolean withheld) {
        this(values, withheld, false);
    }

    static Shown of(List<String> values, boolean withheld) {
        return withheld ? HIDDEN : new Shown(values, false);
    }

    static Shown of(List<String> values, boolean withheld, boolean limited) {
        return limited ? LIMITED : of(values, withheld);
    }

    public boolean empty() {
        return values.isEmpty();
    }

    public String first() {
        return values.isEmpty() ? "" : values.get(0);
    }

    /** Only the first value (a table cell shows one email, one phone). */
    public Shown firstOnly() {
        return withheld || values.size() < 2 ? this : new Shown(values.subList(0, 1), false);
    }

    public String text() {
        return String.join(", ", values);
    }
}
