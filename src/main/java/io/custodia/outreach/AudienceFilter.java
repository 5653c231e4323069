package io.custodia.outreach;

import io.custodia.people.DealStage;
import io.custodia.people.Jurisdiction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Who an audience is for, before the law is applied. Each set is "any of"; an empty set does not filter.
 *
 * @param purpose           what the audience is contacted for (a data map purpose the actor's roles grant)
 * @param stages            contacts of a deal at one of these stages
 * @param organisation      persons who work for this organisation
 * @param lastContactAfter  persons with an interaction on or after this time
 * @param lastContactBefore persons with no interaction on or after this time
 * @param languages         persons whose language is one of these (two-letter codes, lowercase)
 * @param jurisdictions     persons under one of these privacy laws
 * @param tags              persons carrying at least one of these tags (matched case-insensitively)
 */
public record AudienceFilter(String purpose, Set<DealStage> stages, @Nullable UUID organisation, @Nullable Instant lastContactAfter,
        @Nullable Instant lastContactBefore, Set<String> languages, Set<Jurisdiction> jurisdictions, Set<String> tags) {

    /** A language code, as people's records hold it. */
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());
    /** A tag, as people's records allow it (no separator of the stored form can occur in it). */
    static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N} _-]{1,40}");
    /** At most this many values in one list, so a filter stays a filter. */
    static final int MAX_VALUES = 20;

    public AudienceFilter {
        stages = Set.copyOf(stages);
        languages = Set.copyOf(new TreeSet<>(languages));
        jurisdictions = Set.copyOf(jurisdictions);
        tags = Set.copyOf(new TreeSet<>(tags));
        for (String language : languages) {
            if (!LANGUAGE.matcher(language).matches()) throw new IllegalArgumentException("not a language code: " + language);
        }
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) throw new IllegalArgumentException("not a tag");
        }
    }

    /** A filter on deals, organisation and contact dates only. */
    public AudienceFilter(String purpose, Set<DealStage> stages, @Nullable UUID organisation, @Nullable Instant lastContactAfter,
            @Nullable Instant lastContactBefore) {
        this(purpose, stages, organisation, lastContactAfter, lastContactBefore, Set.of(), Set.of(), Set.of());
    }

    /**
     * Reads the language codes of a form or request: each trimmed and lowercased.
     *
     * @param problems receives one message per bad value (never the value of a tag: it may be personal)
     */
    public static Set<String> languages(List<String> values, List<String> problems) {
        Set<String> out = new TreeSet<>();
        for (String value : values) {
            String code = value.strip().toLowerCase(Locale.ROOT);
            if (code.isEmpty()) continue;
            // the codes a person's language may hold (ISO 639-1): a filter on another could never match anyone
            if (LANGUAGE.matcher(code).matches() && ISO_LANGUAGES.contains(code)) out.add(code);
            else problems.add("each an ISO 639-1 language code such as fr or en");
        }
        if (out.size() > MAX_VALUES) problems.add("at most " + MAX_VALUES + " values");
        return out;
    }

    public static Set<Jurisdiction> jurisdictions(List<String> values, List<String> problems) {
        Set<Jurisdiction> out = new TreeSet<>();
        for (String value : values) {
            String name = value.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            try {
                out.add(Jurisdiction.valueOf(name));
            } catch (IllegalArgumentException e) {
                problems.add("each one of " + Arrays.toString(Jurisdiction.values()));
            }
        }
        return out;
    }

    public static Set<String> tags(List<String> values, List<String> problems) {
        Set<String> out = new TreeSet<>();
        for (String value : values) {
            String tag = value.strip();
            if (tag.isEmpty()) continue;
            if (TAG.matcher(tag).matches()) out.add(tag);
            else problems.add("each a tag of at most 40 letters, digits, spaces, '-' or '_'");
        }
        if (out.size() > MAX_VALUES) problems.add("at most " + MAX_VALUES + " values");
        return out;
    }

    /**
     * The filter as a campaign keeps it, in plain text: labels and codes, never a person's value.
     * {@code stages|organisation|after|before|languages|jurisdictions|tags}, lists comma-separated.
     */
    String encode() {
        return String.join("|", stages.stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                organisation == null ? "" : organisation.toString(), lastContactAfter == null ? "" : lastContactAfter.toString(),
                lastContactBefore == null ? "" : lastContactBefore.toString(), String.join(",", new TreeSet<>(languages)),
                jurisdictions.stream().map(Enum::name).sorted().collect(Collectors.joining(",")), String.join(",", new TreeSet<>(tags)));
    }

    /** Reads what {@link #encode} wrote (also the first form, without the last three parts). */
    static AudienceFilter decode(String purpose, String text) {
        String[] parts = Arrays.copyOf(text.split("\\|", -1), 7);
        return new AudienceFilter(purpose, list(parts[0]).stream().map(DealStage::valueOf).collect(Collectors.toSet()),
                blank(parts[1]) ? null : UUID.fromString(parts[1]), blank(parts[2]) ? null : Instant.parse(parts[2]),
                blank(parts[3]) ? null : Instant.parse(parts[3]), Set.copyOf(list(parts[4])),
                list(parts[5]).stream().map(Jurisdiction::valueOf).collect(Collectors.toSet()), Set.copyOf(list(parts[6])));
    }

    private static boolean blank(@Nullable String part) {
        return part == null || part.isEmpty();
    }

    private static List<String> list(@Nullable String part) {
        return blank(part) ? List.of() : new ArrayList<>(Arrays.asList(part.split(",")));
    }
}
