package io.custodia.access;

import java.util.Set;

/**
 * What a write found in free text (invariant 5): the kinds of identifiers and the special
 * categories flagged, e.g. {@code EMAIL}, {@code SPECIAL_CATEGORY:health}. Never values.
 */
public record WriteResult(Set<String> flags) {

    public WriteResult {
        flags = Set.copyOf(flags);
    }

    public static WriteResult clean() {
        return new WriteResult(Set.of());
    }

    static WriteResult of(java.util.Map<String, Set<String>> flagsByField) {
        Set<String> all = new java.util.TreeSet<>();
        flagsByField.values().forEach(all::addAll);
        return new WriteResult(all);
    }
}
