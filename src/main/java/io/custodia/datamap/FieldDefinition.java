package io.custodia.datamap;

import java.util.Objects;

/**
 * A personal field Custodia can store, named {@code record.field} (e.g. {@code person.emails}).
 *
 * @param category data category in the style of fideslang, e.g. {@code user.contact.email}
 * @param provided given by the person themselves (GDPR Art. 20 portability covers it)
 * @param multi    holds several values (emails, phones)
 * @param scan     free text scanned for identifiers and special categories (invariant 5)
 * @param special  a special category of GDPR Art. 9(1): needs a purpose with explicit consent
 */
public record FieldDefinition(String id, String category, boolean provided, boolean multi, IndexKind index,
        boolean scan, boolean special) {

    public FieldDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(index, "index");
    }

    /** The record kind, the part before the dot: {@code person} or {@code interaction}. */
    public String record() {
        return id.substring(0, id.indexOf('.'));
    }

    /** The field name within its record, the part after the dot. */
    public String name() {
        return id.substring(id.indexOf('.') + 1);
    }

    /**
     * The message that names a field for people, as the forms do: {@code person.first_name} is
     * {@code person.field.firstName} ("First name", "Prénom"); null for an id without a record.
     */
    public static @org.jspecify.annotations.Nullable String messageKey(String fieldId) {
        int dot = fieldId.indexOf('.');
        if (dot < 0) return null;
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : fieldId.substring(dot + 1).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return fieldId.substring(0, dot) + ".field." + camel;
    }
}
