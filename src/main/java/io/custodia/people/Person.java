package io.custodia.people;

import io.custodia.access.PersonalView;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A person as one purpose sees them: the permitted fields decrypted, the rest withheld. Lives for one
 * request.
 *
 */
public record Person(SubjectId id, @Nullable UUID organisationId, @Nullable String organisationName, PersonalView view,
        Instant createdAt, Instant updatedAt) {

    /** The person's tags, when the purpose permits them. */
    public List<String> tags() {
        return values(PersonField.TAGS);
    }

    /** What the scan found in the notes and tags the purpose permits (kinds, never values). */
    public Set<String> flags() {
        return view.flags();
    }

    public @Nullable String value(PersonField field) {
        return view.get(field.fieldId());
    }

    public List<String> values(PersonField field) {
        String value = value(field);
        return value == null ? List.of() : Arrays.asList(value.split("\n"));
    }

    /** Not shown: the purpose does not need the field, or the person limited the use of the sensitive value it holds. */
    public boolean withheld(PersonField field) {
        return view.isWithheld(field.fieldId()) || view.isLimited(field.fieldId());
    }

    /** Left out because the person limited the use of their sensitive information (CCPA §7027) and the purpose may not use it. */
    public boolean limited(PersonField field) {
        return view.isLimited(field.fieldId());
    }

    /** "First Last" from what the purpose permits; empty when no name is permitted. */
    public String displayName() {
        String first = value(PersonField.FIRST_NAME);
        String last = value(PersonField.LAST_NAME);
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    }

    /** The JSON shape of the API: permitted fields only, withheld ones listed by name. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("id", id.toString());
        for (PersonField field : PersonField.values()) {
            if (view.values().containsKey(field.fieldId())) {
                json.put(field.json(), field.multi() ? values(field) : value(field));
            }
        }
        json.put("organisationId", organisationId == null ? null : organisationId.toString());
        json.put("organisationName", organisationName);
        json.put("flags", flags());
        json.put("purpose", view.purpose());
        json.put("withheld", Arrays.stream(PersonField.values()).filter(this::withheld).map(PersonField::json).toList());
        json.put("limitedSensitive", Arrays.stream(PersonField.values()).filter(this::limited).map(PersonField::json).toList());
        json.put("createdAt", createdAt.toString());
        json.put("updatedAt", updatedAt.toString());
        return json;
    }

    /** Never prints values: a person may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "Person[id=" + id + ", purpose=" + view.purpose() + "]";
    }
}
