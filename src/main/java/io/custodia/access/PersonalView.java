package io.custodia.access;

import io.custodia.shared.SubjectId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A projection of one record for one purpose: only the permitted fields, decrypted. Lives for the
 * request; never cached or logged.
 *
 * @param values   field id to plaintext, only fields that are permitted and have a value; multi-valued
 *                 fields hold their values joined by {@code \n}
 * @param withheld fields of the record the purpose does not need (shown as hidden in the UI)
 * @param flags    what the scan found in the permitted free-text fields, e.g. {@code PHONE},
 *                 {@code SPECIAL_CATEGORY:health}: kinds only, and only with the text they describe
 */
public record PersonalView(SubjectId subject, UUID record, String purpose, Map<String, String> values,
        Set<String> withheld, Set<String> flags) {

    public PersonalView {
        values = Map.copyOf(values);
        withheld = Set.copyOf(withheld);
        flags = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(flags));
    }

    public @Nullable String get(String field) {
        return values.get(field);
    }

    public boolean isWithheld(String field) {
        return withheld.contains(field);
    }

    /** Never prints values: a view may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "PersonalView[subject=" + subject + ", record=" + record + ", purpose=" + purpose + ", fields=" + values.keySet() + "]";
    }
}
