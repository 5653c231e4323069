package io.custodia.rights;

import io.custodia.people.Person;
import io.custodia.people.PersonField;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Details a person gives to prove who they are (CCPA regs §7062): matched against what we hold, never shown
 * back, never kept. Names and cities compare without case, accents or punctuation; phone numbers by their
 * last nine digits (so +33 6… and 06… match); postal codes by their letters and digits.
 */
public record DataPoints(@Nullable String lastName, @Nullable String phone, @Nullable String postalCode, @Nullable String city) {

    /** The points given, by the field of the record they are checked against. */
    Map<PersonField, String> given() {
        Map<PersonField, String> given = new LinkedHashMap<>();
        put(given, PersonField.LAST_NAME, lastName);
        put(given, PersonField.PHONES, phone);
        put(given, PersonField.POSTAL_CODE, postalCode);
        put(given, PersonField.CITY, city);
        return given;
    }

    /**
     * Whether every detail given could be held by a record at all: within its field's length, one line, no control
     * character or direction override. One that could not never matches, so it is said rather than counted as a try.
     */
    public boolean wellFormed() {
        return given().entrySet().stream().allMatch(e -> e.getValue().length() <= e.getKey().maxLength()
                && !io.custodia.shared.Texts.hasControl(e.getValue(), false) && io.custodia.shared.Texts.unsafe(e.getValue()) == null);
    }

    /** How many points were given. */
    public int count() {
        return given().size();
    }

    /**
     * How many of the given points match the record; -1 when one contradicts it (a point we hold that differs),
     * so that a wrong detail is never outweighed by right ones. A point we do not hold counts for nothing.
     */
    public int matchIn(Person person) {
        int matched = 0;
        for (var point : given().entrySet()) {
            List<String> held = person.values(point.getKey());
            if (held.isEmpty()) continue;
            String given = normalise(point.getKey(), point.getValue());
            if (held.stream().anyMatch(h -> normalise(point.getKey(), h).equals(given))) {
                matched++;
            } else {
                return -1;
            }
        }
        return matched;
    }

    static String normalise(PersonField field, String value) {
        return switch (field) {
            case PHONES -> {
                String digits = value.replaceAll("[^0-9]", "");
                yield digits.length() > 9 ? digits.substring(digits.length() - 9) : digits;
            }
            case POSTAL_CODE -> value.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
            default -> Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        };
    }

    private static void put(Map<PersonField, String> given, PersonField field, @Nullable String value) {
        // kept whatever its length: one too long for its field is said as malformed (wellFormed), not dropped as not given
        if (value != null && !value.isBlank()) given.put(field, value.strip());
    }

    /** Never the details themselves (they are personal data): how many were given. */
    @Override
    public String toString() {
        return "DataPoints[" + count() + " given]";
    }
}
