package io.custodia.access.scan;

/**
 * Something found in a note, located by the half-open span {@code [start, end)} of the scanned text.
 *
 * <p>{@code detail} never carries the matched value, so a finding can be logged or stored without copying
 * personal data: for {@link FindingKind#SPECIAL_CATEGORY} it is the Art. 9(1) category name (e.g. "health"),
 * for every other kind it is the kind's lowercase name. The constructor enforces this.
 */
public record Finding(FindingKind kind, int start, int end, String detail) {

    public Finding {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (start < 0) {
            throw new IllegalArgumentException("start must be >= 0, was " + start);
        }
        if (end <= start) {
            throw new IllegalArgumentException("end must be greater than start (" + start + "), was " + end);
        }
        if (detail == null) {
            throw new IllegalArgumentException("detail must not be null");
        }
        if (kind == FindingKind.SPECIAL_CATEGORY) {
            if (!SpecialCategoryLexicon.CATEGORIES.contains(detail)) {
                throw new IllegalArgumentException("detail of a special_category finding must be one of "
                        + SpecialCategoryLexicon.CATEGORIES + ", was '" + detail + "'");
            }
        } else if (!detail.equals(kind.label())) {
            // Deliberately do not echo the rejected detail: it may be the very value we must not copy.
            throw new IllegalArgumentException("detail of a " + kind.label() + " finding must be '"
                    + kind.label() + "', never the matched value");
        }
    }

    /** A finding of an identifier kind, whose detail is the kind's label. */
    static Finding of(FindingKind kind, int start, int end) {
        return new Finding(kind, start, end, kind.label());
    }

    /** A special-category finding for an Art. 9(1) category. */
    static Finding special(String category, int start, int end) {
        return new Finding(FindingKind.SPECIAL_CATEGORY, start, end, category);
    }
}
