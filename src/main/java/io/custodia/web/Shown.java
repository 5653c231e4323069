package io.custodia.web;

import java.util.List;

/** One field as the current purpose shows it: its values, or withheld ("hidden for this purpose"). */
record Shown(List<String> values, boolean withheld) {

    static final Shown HIDDEN = new Shown(List.of(), true);

    Shown {
        values = List.copyOf(values);
    }

    static Shown of(List<String> values, boolean withheld) {
        return withheld ? HIDDEN : new Shown(values, false);
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
