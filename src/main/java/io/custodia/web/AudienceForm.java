package io.custodia.web;

import io.custodia.outreach.AudienceFilter;
import io.custodia.people.DealStage;
import io.custodia.people.Jurisdiction;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An audience's filters as the staff forms send them (the audiences page, and the campaign form that
 * carries them on), bound from the request's fields: read into an {@link AudienceFilter}, or an error per
 * field. Lists of languages and tags are typed comma-separated.
 */
record AudienceForm(@Nullable List<String> stage, @Nullable String organisation, @Nullable String after, @Nullable String before,
        @Nullable String languages, @Nullable List<String> jurisdiction, @Nullable String tags) {

    /** Bound from the form's fields (Spring MVC constructor binding); an absent field is empty. */
    AudienceForm {
        stage = stage == null ? List.of() : List.copyOf(stage);
        organisation = organisation == null ? "" : organisation;
        after = after == null ? "" : after;
        before = before == null ? "" : before;
        languages = languages == null ? "" : languages;
        jurisdiction = jurisdiction == null ? List.of() : List.copyOf(jurisdiction);
        tags = tags == null ? "" : tags;
    }

    /** The filter, or null with {@code errors} filled (field → message key; a value is never echoed). */
    @Nullable AudienceFilter read(String purpose, Map<String, String> errors) {
        Set<DealStage> stages = EnumSet.noneOf(DealStage.class);
        for (String s : stage) {
            try {
                stages.add(DealStage.valueOf(s));
            } catch (IllegalArgumentException e) {
                errors.put("stages", "audiences.error.stages");
            }
        }
        UUID org = null;
        try {
            org = organisation.isBlank() ? null : UUID.fromString(organisation.strip());
        } catch (IllegalArgumentException e) {
            errors.put("organisationId", "audiences.error.organisation");
        }
        LocalDate from = day(after, "after", errors);
        LocalDate to = day(before, "before", errors);
        List<String> problems = new ArrayList<>();
        Set<String> langs = AudienceFilter.languages(split(languages), problems);
        if (!problems.isEmpty()) errors.put("languages", "audiences.error.languages");
        problems.clear();
        Set<Jurisdiction> laws = AudienceFilter.jurisdictions(jurisdiction, problems);
        if (!problems.isEmpty()) errors.put("jurisdictions", "audiences.error.jurisdictions");
        problems.clear();
        Set<String> labels = AudienceFilter.tags(split(tags), problems);
        if (!problems.isEmpty()) errors.put("tags", "audiences.error.tags");
        if (!errors.isEmpty()) return null;
        return new AudienceFilter(purpose, stages, org, from == null ? null : from.atStartOfDay(PersonViews.ZONE).toInstant(),
                to == null ? null : to.atStartOfDay(PersonViews.ZONE).toInstant(), langs, laws, labels);
    }

    /** What was sent, to show the form again as it was. */
    AudiencePages.Chosen chosen() {
        Set<DealStage> stages = EnumSet.noneOf(DealStage.class);
        for (String s : stage) {
            Arrays.stream(DealStage.values()).filter(d -> d.name().equals(s)).forEach(stages::add);
        }
        Set<Jurisdiction> laws = EnumSet.noneOf(Jurisdiction.class);
        for (String j : jurisdiction) {
            Arrays.stream(Jurisdiction.values()).filter(d -> d.name().equals(j)).forEach(laws::add);
        }
        UUID org = null;
        try {
            org = organisation.isBlank() ? null : UUID.fromString(organisation.strip());
        } catch (IllegalArgumentException ignored) {
            // shown as "any": the error says what was wrong
        }
        return new AudiencePages.Chosen(stages, org, after, before, languages, laws, tags);
    }

    private static @Nullable LocalDate day(String text, String field, Map<String, String> errors) {
        if (text.isBlank()) return null;
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.put(field, "audiences.error.day");
            return null;
        }
    }

    private static List<String> split(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.split(","));
    }
}
