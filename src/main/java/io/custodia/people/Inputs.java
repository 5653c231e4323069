package io.custodia.people;

import io.custodia.people.InvalidInputException.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads untyped input (JSON maps, form fields) into typed values, collecting one error per bad field. */
final class Inputs {

    /** NUMERIC(15, 2): 13 digits before the point. */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");
    private final Map<String, ?> json;
    private final List<FieldError> errors = new java.util.ArrayList<>();

    Inputs(Map<String, ?> json, Collection<String> known) {
        this.json = json;
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                errors.add(new FieldError(io.custodia.shared.Texts.fieldName(key), "unknown-field",
                        "unknown field; known fields: " + known, 0));
            }
        }
    }

    boolean has(String key) {
        return json.containsKey(key);
    }

    @Nullable String text(String key, int max, boolean required, @Nullable Pattern pattern, String patternHint) {
        Object raw = json.get(key);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            if (required) errors.add(new FieldError(key, "required", "is required", 0));
            return null;
        }
        if (!(raw instanceof String s)) {
            errors.add(new FieldError(key, "wrong-type", "must be a string", 0));
            return null;
        }
        String value = s.strip();
        // a short text (a name, a title) is one line; a long one (a summary) may hold line breaks and tabs
        boolean oneLine = max <= 1_000;
        if (io.custodia.shared.Texts.hasControl(value, !oneLine)) {
            errors.add(new FieldError(key, "line-break", oneLine ? "must fit on one line, without control characters" : "must not contain control characters", 0));
        } else if (io.custodia.shared.Texts.unsafe(value) instanceof io.custodia.shared.Texts.Unsafe unsafe) {
            // a lone surrogate or a direction override (control characters are said above, as this field's lines allow)
            errors.add(new FieldError(key, unsafe.code(), unsafe.message(), 0));
        } else if (value.length() > max) {
            errors.add(new FieldError(key, "too-long", "must be at most " + max + " characters", 0));
        } else if (pattern != null && !pattern.matcher(value).matches()) {
            errors.add(new FieldError(key, "invalid", patternHint, 0));
        }
        return value;
    }

    @Nullable UUID id(String key, boolean required) {
        String text = text(key, 36, required, null, "");
        if (text == null) return null;
        try {
            return io.custodia.shared.Ids.parse(text, key);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(key, "malformed", e.getMessage(), 0));
            return null;
        }
    }

    <E extends Enum<E>> @Nullable E choice(String key, Class<E> type, boolean required) {
        String text = text(key, 20, required, null, "");
        if (text == null) return null;
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) return constant;
        }
        errors.add(new FieldError(key, "invalid", "must be one of " + java.util.Arrays.toString(type.getEnumConstants()), 0));
        return null;
    }

    @Nullable Instant instant(String key, boolean required) {
        String text = text(key, 40, required, null, "");
        if (text == null) return null;
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                instant = java.time.LocalDateTime.parse(text).atZone(java.time.ZoneId.of("Europe/Paris")).toInstant();
            } catch (DateTimeParseException e2) {
                errors.add(new FieldError(key, "malformed", "must be an ISO-8601 time such as 2026-11-29T14:30:00Z", 0));
                return null;
            }
        }
        if (!io.custodia.shared.StoredDays.holds(instant)) {
            errors.add(new FieldError(key, "out-of-range", io.custodia.shared.StoredDays.RULE, 0));
            return null;
        }
        return instant;
    }

    /**
     * A time that has come: {@link #instant} no later than a day after {@code now} (a day's leeway for clocks and time
     * zones), for what records something that happened.
     */
    @Nullable Instant happened(String key, boolean required, Instant now) {
        Instant instant = instant(key, required);
        if (instant != null && instant.isAfter(now.plus(java.time.Duration.ofDays(1)))) {
            errors.add(new FieldError(key, "in-future", "records what happened: give a time no later than a day from now", 0));
            return null;
        }
        return instant;
    }

    /**
     * A day no further than {@code years} from {@code today} either way: a plan or a record of the business (a deal's
     * expected close), where 1900 or 9999 is a typing mistake, not a date.
     */
    @Nullable LocalDate dateWithin(String key, LocalDate today, int years) {
        return dateWithin(key, today, years, null);
    }

    /** The same, but the day already recorded ({@code unchanged}) is taken as it is: an edit that leaves it alone is not refused for it. */
    @Nullable LocalDate dateWithin(String key, LocalDate today, int years, @Nullable LocalDate unchanged) {
        LocalDate day = date(key);
        if (day != null && !day.equals(unchanged) && (day.isBefore(today.minusYears(years)) || day.isAfter(today.plusYears(years)))) {
            errors.add(new FieldError(key, "out-of-range", "must be within " + years + " years of today", 0));
            return null;
        }
        return day;
    }

    @Nullable LocalDate date(String key) {
        int before = errors.size();
        // any text that is not a day is said to be one thing: not a date (not "too long" for a typo past ten characters)
        String text = text(key, 100, false, null, "");
        if (text == null) return null;
        if (errors.size() > before || text.length() > 10) {
            errors.subList(before, errors.size()).clear();
            errors.add(new FieldError(key, "malformed", "must be a date such as 2026-12-31", 0));
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(key, "malformed", "must be a date such as 2026-12-31", 0));
            return null;
        }
        if (!io.custodia.shared.StoredDays.holds(day)) {
            errors.add(new FieldError(key, "out-of-range", io.custodia.shared.StoredDays.RULE, 0));
            return null;
        }
        return day;
    }



    @Nullable BigDecimal amount(String key, boolean required) {
        Object raw = json.get(key);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            if (required) errors.add(new FieldError(key, "required", "is required", 0));
            return null;
        }
        try {
            String text = raw.toString().strip();
            BigDecimal value = text.length() > 40 ? null : new BigDecimal(text);
            if (value == null || value.signum() < 0 || value.compareTo(MAX_AMOUNT) > 0 || value.stripTrailingZeros().scale() > 2) {
                errors.add(new FieldError(key, "out-of-range", "must be 0 or more, with at most 2 decimals and 13 digits", 0));
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(key, "malformed", "must be a number such as 12500.00", 0));
            return null;
        }
    }

    void check() {
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
    }

    static Set<String> keys(String... keys) {
        return new java.util.LinkedHashSet<>(List.of(keys));
    }
}
