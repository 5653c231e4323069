package io.custodia.people;

import io.custodia.people.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Validated input for creating or changing a person. {@code values} holds only the fields given;
 * a field given as null or empty is cleared. Lists (emails, phones) are kept as lists.
 */
public record PersonInput(Map<PersonField, @Nullable List<String>> values) {

    public PersonInput {
        values = java.util.Collections.unmodifiableMap(new EnumMap<>(values.isEmpty() ? new EnumMap<>(PersonField.class) : values));
    }

    /**
     * Reads a JSON object (as parsed into a map). Unknown keys, wrong types, malformed and oversized
     * values are refused, each error naming its field; {@code row} is the import row (0 for the API).
     */
    public static PersonInput fromJson(Map<String, ?> json, int row) {
        List<FieldError> errors = new ArrayList<>();
        Map<PersonField, @Nullable List<String>> values = new EnumMap<>(PersonField.class);
        for (var entry : json.entrySet()) {
            String key = entry.getKey();
            var field = PersonField.ofJson(key);
            if (field.isEmpty()) {
                errors.add(new FieldError(abbreviate(key), "unknown-field", "unknown field; known fields: "
                        + PersonField.jsonNames(), row));
                continue;
            }
            Object raw = entry.getValue();
            if (raw == null) {
                values.put(field.get(), null);
            } else if (field.get().multi()) {
                if (raw instanceof Collection<?> list && list.stream().allMatch(v -> v instanceof String)) {
                    values.put(field.get(), list.stream().map(v -> ((String) v).strip()).filter(v -> !v.isEmpty()).toList());
                } else {
                    errors.add(new FieldError(key, "wrong-type", "must be a list of strings", row));
                }
            } else if (raw instanceof String text) {
                values.put(field.get(), text.isBlank() ? null : List.of(text.strip()));
            } else {
                errors.add(new FieldError(key, "wrong-type", "must be a string", row));
            }
        }
        PersonInput input = new PersonInput(values);
        errors.addAll(input.problems(row));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return input;
    }

    /** Reads a form where every field is present (blank clears); emails and phones one per line or comma-separated. */
    public static PersonInput fromForm(Map<String, String> form) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (PersonField field : PersonField.values()) {
            String value = form.getOrDefault(field.json(), "");
            json.put(field.json(), field.multi() ? List.of(value.split("[,;\\n]")) : value);
        }
        return fromJson(json, 0);
    }

    /** The organisation given, when one is (a blank value clears the link). */
    public @Nullable UUID organisationId() {
        List<String> value = values.get(PersonField.ORGANISATION);
        return value == null || value.isEmpty() ? null : UUID.fromString(value.get(0));
    }

    /** The gateway's view: data-map field id to value, multi-valued fields joined by line breaks. */
    public Map<String, @Nullable String> fieldValues() {
        Map<String, @Nullable String> out = new LinkedHashMap<>();
        values.forEach((field, list) -> out.put(field.fieldId(), list == null || list.isEmpty() ? null : String.join("\n", list)));
        return out;
    }

    private List<FieldError> problems(int row) {
        List<FieldError> errors = new ArrayList<>();
        values.forEach((field, list) -> {
            if (list == null) return;
            if (list.size() > PersonField.MAX_VALUES) {
                errors.add(new FieldError(field.json(), "too-many", "at most " + PersonField.MAX_VALUES + " values", row));
            }
            for (int i = 0; i < list.size(); i++) {
                PersonField.Problem problem = field.problem(list.get(i));
                if (problem != null) {
                    errors.add(new FieldError(field.multi() ? field.json() + "[" + i + "]" : field.json(), problem.code(), problem.message(), row));
                }
            }
        });
        return errors;
    }

    /** The fields that say who a person is: a record keeps at least one of them. */
    static final java.util.Set<PersonField> IDENTIFYING = java.util.EnumSet.of(PersonField.FIRST_NAME, PersonField.LAST_NAME,
            PersonField.EMAILS, PersonField.PHONES);

    /** Whether a name, an email address or a phone number is given. */
    boolean identifiesSomeone() {
        return IDENTIFYING.stream().anyMatch(f -> values.get(f) != null && !values.get(f).isEmpty());
    }

    /** The error of a record that would say who no one is. */
    static FieldError identityRequired(int row) {
        return new FieldError(PersonField.FIRST_NAME.json(), "identity-required", "give at least a first or last name, an email address or a phone number", row);
    }

    private static String abbreviate(String key) {
        return io.custodia.shared.Texts.fieldName(key);
    }

    /** Never prints values: input may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "PersonInput[fields=" + values.keySet() + "]";
    }
}
