package io.custodia.people;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The personal fields of a person as the API and forms name them, with the data-map field each is
 * stored in and the rule its value must follow.
 */
public enum PersonField {
    FIRST_NAME("firstName", "person.first_name", 100, null, false),
    LAST_NAME("lastName", "person.last_name", 100, null, false),
    EMAILS("emails", "person.emails", 254, Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+"), true),
    PHONES("phones", "person.phones", 32, Pattern.compile("\\+?[0-9 ().\\-]{6,31}"), true),
    ADDRESS_LINE("addressLine", "person.address_line", 200, null, false),
    POSTAL_CODE("postalCode", "person.postal_code", 16, Pattern.compile("[A-Za-z0-9 \\-]{2,16}"), false),
    CITY("city", "person.city", 100, null, false),
    COUNTRY("country", "person.country", 2, Pattern.compile("[A-Z]{2}"), false),
    JOB_TITLE("jobTitle", "person.job_title", 120, null, false),
    /** The id of the organisation the person works for. */
    ORGANISATION("organisationId", "person.organisation", 36,
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), false),
    LANGUAGE("language", "person.language", 2, Pattern.compile("[a-z]{2}"), false),
    JURISDICTION("jurisdiction", "person.jurisdiction", 8, Pattern.compile("EU|US_CA|OTHER"), false),
    SOURCE("source", "person.source", 200, null, false),
    NOTES("notes", "person.notes", 10_000, null, false),
    /** Short labels ("vip", "salon-2026"); personal data like any other field, so encrypted and projected. */
    TAGS("tags", "person.tags", 40, Pattern.compile("[\\p{L}\\p{N} _-]{1,40}"), true);

    /** The ISO 3166-1 alpha-2 codes the JDK knows, not any two letters (ZZ is refused): a set, checked in one lookup per value. */
    static final java.util.Set<String> ISO_COUNTRIES = java.util.Set.of(java.util.Locale.getISOCountries());
    /** ISO 639-1 codes (two letters), as the JDK knows them. */
    static final java.util.Set<String> ISO_LANGUAGES = java.util.Arrays.stream(java.util.Locale.getISOLanguages())
            .filter(l -> l.length() == 2).collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** E.164: at most 15 digits after the international prefix. */
    static final int MAX_PHONE_DIGITS = 15;
    /** The same codes as a pattern, for the organisations' country. */
    static final Pattern ISO_COUNTRY = Pattern.compile(String.join("|", java.util.Locale.getISOCountries()));

    /** At most this many emails or phones per person. */
    static final int MAX_VALUES = 10;

    private final String json;
    private final String fieldId;
    private final int maxLength;
    private final Pattern pattern;
    private final boolean multi;

    PersonField(String json, String fieldId, int maxLength, Pattern pattern, boolean multi) {
        this.json = json;
        this.fieldId = fieldId;
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.multi = multi;
    }

    public String json() {
        return json;
    }

    public String fieldId() {
        return fieldId;
    }

    public boolean multi() {
        return multi;
    }

    public static Optional<PersonField> ofJson(String name) {
        return Arrays.stream(values()).filter(f -> f.json.equals(name)).findFirst();
    }

    public static Optional<PersonField> ofFieldId(String id) {
        return Arrays.stream(values()).filter(f -> f.fieldId.equals(id)).findFirst();
    }

    /** The longest value this field takes, in characters (the forms' maxlength). */
    public int maxLength() {
        return maxLength;
    }

    /** What is wrong with a value: a code for programs ({@code too-long}, {@code line-break}, {@code invalid}) and an English message. */
    record Problem(String code, String message) {
    }

    /** Checks one value; returns what is wrong, or null. Never echoes the value (it is personal data). */
    @org.jspecify.annotations.Nullable Problem problem(String value) {
        if (io.custodia.shared.Texts.hasControl(value, this.equals(NOTES))) {
            return new Problem("line-break", "must not contain control characters or line breaks");
        }
        if (!wellFormed(value)) {
            return new Problem("invalid-text", "holds a character that is not valid Unicode (a lone surrogate); nothing was stored");
        }
        if (io.custodia.shared.Texts.hasDirectionOverride(value)) {
            // directional overrides make a name show as something else than it is (Unicode TR 36)
            return new Problem("invalid-text", "must not contain characters that change the direction of the text (U+202A-202E, U+2066-2069)");
        }
        // a value of a set form (an email, a country code) is first told what form it must take, then how long it may be
        if (pattern != null && (!pattern.matcher(value).matches() || this == COUNTRY && !ISO_COUNTRIES.contains(value)
                || this == LANGUAGE && !ISO_LANGUAGES.contains(value) || this == PHONES && digits(value) > MAX_PHONE_DIGITS)) {
            return new Problem("invalid", switch (this) {
                case EMAILS -> "is not an email address such as name@example.com";
                case PHONES -> "is not a phone number: digits, spaces, dots, dashes, brackets and a leading +, at most " + MAX_PHONE_DIGITS
                        + " digits after the international prefix";
                case COUNTRY -> "must be an ISO 3166-1 alpha-2 country code such as FR or US (the United Kingdom is GB)";
                case LANGUAGE -> "must be an ISO 639-1 code such as fr or en";
                case JURISDICTION -> "must be EU, US_CA or OTHER";
                case POSTAL_CODE -> "must be 2-16 letters, digits, spaces or dashes";
                case TAGS -> "each tag must be 1-40 letters, digits, spaces, '-' or '_'";
                case ORGANISATION -> "must be an organisation id (a UUID)";
                default -> "is not valid";
            });
        }
        if (value.length() > maxLength) {
            return new Problem("too-long", "must be at most " + maxLength + " characters");
        }
        return null;
    }

    /** Whether this is one email address as a person's record takes it (the form the suppression list checks too). */
    public static boolean isEmailAddress(String value) {
        return EMAILS.problem(value.strip()) == null;
    }

    /** Whether every surrogate is part of a pair. */
    static boolean wellFormed(String value) {
        return !io.custodia.shared.Texts.hasLoneSurrogate(value);
    }

    /** The digits of a phone number after its international prefix (+ or 00). */
    static int digits(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        return phone.strip().startsWith("+") || !digits.startsWith("00") ? digits.length() : digits.length() - 2;
    }

    static List<String> jsonNames() {
        return Arrays.stream(values()).map(PersonField::json).toList();
    }
}
