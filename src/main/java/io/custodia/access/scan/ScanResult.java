package io.custodia.access.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The findings of one scan, sorted by position and never overlapping. */
public record ScanResult(List<Finding> findings) {

    public ScanResult {
        if (findings == null) {
            throw new IllegalArgumentException("findings must not be null");
        }
        List<Finding> sorted = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (f == null) {
                throw new IllegalArgumentException("findings must not contain null");
            }
            sorted.add(f);
        }
        sorted.sort(Comparator.comparingInt(Finding::start));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                // Overlaps would make redaction ambiguous; the scanner resolves them before building a result.
                throw new IllegalArgumentException("findings must not overlap: [" + sorted.get(i - 1).start()
                        + ", " + sorted.get(i - 1).end() + ") and [" + sorted.get(i).start() + ", "
                        + sorted.get(i).end() + ")");
            }
        }
        findings = List.copyOf(sorted);
    }

    /** True when the note must not be saved (it holds a payment card number). */
    public boolean refused() {
        return findings.stream().anyMatch(f -> f.kind().refused());
    }

    /** The kinds found, in declaration order. */
    public Set<FindingKind> kinds() {
        EnumSet<FindingKind> kinds = EnumSet.noneOf(FindingKind.class);
        findings.forEach(f -> kinds.add(f.kind()));
        return Collections.unmodifiableSet(kinds);
    }

    /** The Art. 9(1) category names found, sorted. */
    public Set<String> specialCategories() {
        TreeSet<String> categories = new TreeSet<>();
        for (Finding f : findings) {
            if (f.kind() == FindingKind.SPECIAL_CATEGORY) {
                categories.add(f.detail());
            }
        }
        return Collections.unmodifiableSet(categories);
    }

    /** True when nothing was found. */
    public boolean clean() {
        return findings.isEmpty();
    }

    /**
     * The scanned text with each finding replaced by {@code [kind]} (e.g. {@code [email]},
     * {@code [special_category]}), fit for logs. Special categories are not named in the placeholder, so that
     * the log does not reveal, say, that a note was about health.
     *
     * @param original the text that was scanned to produce this result
     */
    public String redacted(String original) {
        if (original == null) {
            throw new IllegalArgumentException("original must not be null");
        }
        if (!findings.isEmpty() && findings.getLast().end() > original.length()) {
            throw new IllegalArgumentException("original is shorter (" + original.length()
                    + " chars) than the scanned text; pass the text that was scanned");
        }
        StringBuilder out = new StringBuilder(original.length());
        int from = 0;
        for (Finding f : findings) {
            out.append(original, from, f.start()).append('[').append(f.kind().label()).append(']');
            from = f.end();
        }
        return out.append(original, from, original.length()).toString();
    }
}
