package io.custodia.datamap;

import java.time.Period;
import java.util.Objects;

/** How long data kept for a purpose lives: an ISO-8601 period counted from an event (GDPR Art. 5(1)(e)). */
public record RetentionRule(Period duration, RetentionEvent from) {

    public RetentionRule {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(from, "from");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
    }

    /** The duration in words, in English or French: "3 years", "1 year and 6 months", "13 mois", "30 jours". */
    public String durationIn(java.util.Locale locale) {
        return words(duration, "fr".equals(locale.getLanguage()));
    }

    static String words(Period period, boolean fr) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (period.getYears() != 0) parts.add(period.getYears() + (fr ? (period.getYears() == 1 ? " an" : " ans") : period.getYears() == 1 ? " year" : " years"));
        if (period.getMonths() != 0) parts.add(period.getMonths() + (fr ? " mois" : period.getMonths() == 1 ? " month" : " months"));
        if (period.getDays() != 0) parts.add(period.getDays() + (fr ? (period.getDays() == 1 ? " jour" : " jours") : period.getDays() == 1 ? " day" : " days"));
        return String.join(fr ? " et " : " and ", parts);
    }
}
