package io.custodia.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The days a stored time or date may name: the database's types and {@code java.sql} convert days before the
 * Gregorian reform (1582) and before year 1 differently from {@code java.time}, and times past year 9999 overflow on
 * the way there. Every input that is stored checks against these bounds.
 */
public final class StoredDays {

    public static final LocalDate FIRST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST = LocalDate.of(9999, 12, 31);
    /** What an input outside the bounds is told. */
    public static final String RULE = "must fall between the years " + FIRST.getYear() + " and " + LAST.getYear();

    private StoredDays() {
    }

    public static boolean holds(LocalDate day) {
        return !day.isBefore(FIRST) && !day.isAfter(LAST);
    }

    public static boolean holds(Instant time) {
        return holds(time.atZone(ZoneOffset.UTC).toLocalDate());
    }
}
