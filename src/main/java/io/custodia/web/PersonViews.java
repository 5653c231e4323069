package io.custodia.web;

import io.custodia.datamap.Purpose;
import io.custodia.people.Interaction;
import io.custodia.people.Person;
import io.custodia.people.PersonField;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Turns persons and interactions, as one purpose sees them, into what the templates show. Lives for one request. */
final class PersonViews {

    /** The zone in which the UI shows and reads times; the same as the services use for local date-times. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private PersonViews() {
    }

    /** A row of the persons table. */
    record Row(String id, Shown name, Shown email, Shown phone, Shown jobTitle, @Nullable UUID organisationId,
            @Nullable String organisationName, List<String> tags, List<String> flagKeys) {
    }

    /** One field of the detail page, named by its form name (the label's message key is {@code person.field.<name>}). */
    record FieldRow(String name, Shown shown) {
    }

    /** An interaction of the detail page; the time is in {@link #ZONE}. */
    record InteractionRow(String kind, LocalDateTime at, Shown summary, List<String> flagKeys) {
    }

    static Row row(Person p) {
        return new Row(p.id().toString(), name(p), shown(p, PersonField.EMAILS).firstOnly(), shown(p, PersonField.PHONES).firstOnly(),
                shown(p, PersonField.JOB_TITLE), p.organisationId(), p.organisationName(), p.tags(), flagKeys(p.flags()));
    }

    static List<Row> rows(List<Person> persons) {
        return persons.stream().map(PersonViews::row).toList();
    }

    static Shown name(Person p) {
        boolean withheld = p.withheld(PersonField.FIRST_NAME) && p.withheld(PersonField.LAST_NAME);
        String name = p.displayName();
        return Shown.of(name.isEmpty() ? List.of() : List.of(name), withheld);
    }

    /** The fields of the detail page's main card; tags and the organisation have places of their own. */
    static List<FieldRow> fields(Person p) {
        return Arrays.stream(PersonField.values()).filter(f -> f != PersonField.TAGS && f != PersonField.ORGANISATION)
                .map(f -> new FieldRow(f.json(), shown(p, f))).toList();
    }

    static InteractionRow interaction(Interaction i) {
        return new InteractionRow(i.kind().name(), LocalDateTime.ofInstant(i.occurredAt(), ZONE),
                Shown.of(i.summary() == null ? List.of() : List.of(i.summary()), i.summaryWithheld()), flagKeys(i.flags()));
    }

    /** The form fields the purpose covers, in form order: only these are shown, so only these are sent. */
    static List<String> editable(@Nullable Purpose purpose) {
        if (purpose == null) return List.of();
        // tags have their own comma-separated input after the organisation
        return Arrays.stream(PersonField.values())
                .filter(f -> f != PersonField.TAGS && f != PersonField.ORGANISATION && purpose.covers(f.fieldId()))
                .map(PersonField::json).toList();
    }

    /** The form's values for a person: multi-valued fields one per line, tags comma separated. */
    static Map<String, String> form(Person p) {
        Map<String, String> form = new LinkedHashMap<>();
        for (PersonField field : PersonField.values()) {
            form.put(field.json(), String.join("\n", p.values(field)));
        }
        form.put("organisationId", p.organisationId() == null ? "" : p.organisationId().toString());
        form.put("tags", String.join(", ", p.tags()));
        return form;
    }

    /**
     * The message keys of what the free-text scan found: {@code flag.EMAIL}, {@code flag.special.health}, ...
     * Kinds and categories only, never values.
     */
    static List<String> flagKeys(Collection<String> flags) {
        return flags.stream().map(f -> f.startsWith("SPECIAL_CATEGORY:")
                ? "flag.special." + f.substring("SPECIAL_CATEGORY:".length()) : "flag." + f).toList();
    }

    private static Shown shown(Person p, PersonField field) {
        return Shown.of(p.values(field), p.withheld(field), p.limited(field));
    }
}
