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
 * @param limited  fields left out of this read because they hold sensitive personal information the person
 *                 asked to limit the use of, and the purpose is not one CCPA §7027(m) permits
 */
public record PersonalView(SubjectId subject, UUID record, String purpose, Map<String, String> values,
        Set<String> withheld, Set<String> flags, Set<String> limited) {

    public PersonalView {
        values = Map.copyOf(values);
        withheld = Set.copyOf(withheld);
        flags = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(flags));
        limited = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(limited));
    }

    /** A view with nothing left out for a limit on sensitive information. */
    public PersonalView(SubjectId subject, UUID record, String purpose, Map<String, String> values, Set<String> withheld, Set<String> flags) {
        this(subject, record, purpose, values, withheld, flags, Set.of());
    }

    /** Whether this field was left out because the person limited the use of sensitive information. */
    public boolean isLimited(String field) {
        return limited.contains(field);
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
