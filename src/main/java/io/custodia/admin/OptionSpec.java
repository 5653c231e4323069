package io.custodia.admin;

import io.custodia.identity.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One option a command accepts, with how its value is checked before anything starts, so that a typo
 * costs a usage message rather than a database connection.
 *
 * @param defaultValue the value when the option is absent, or null when there is none (or it comes from configuration)
 * @param min          for numbers, the smallest value accepted
 * @param max          for numbers, the largest value accepted
 */
record OptionSpec(String name, Kind kind, String valueName, String help, @Nullable String defaultValue, boolean required,
        long min, long max) {

    enum Kind { TEXT, NUMBER, ROLES }

    static OptionSpec text(String name, String valueName, String help, @Nullable String defaultValue, boolean required) {
        return new OptionSpec(name, Kind.TEXT, valueName, help, defaultValue, required, 0, 0);
    }

    static OptionSpec number(String name, String help, long defaultValue, long min, long max) {
        return new OptionSpec(name, Kind.NUMBER, "N", help, Long.toString(defaultValue), false, min, max);
    }

    static OptionSpec requiredNumber(String name, String help, long min, long max) {
        return new OptionSpec(name, Kind.NUMBER, "N", help, null, true, min, max);
    }

    static OptionSpec roles(String name, String help) {
        return new OptionSpec(name, Kind.ROLES, "ROLE,...", help, null, false, 0, 0);
    }

    /** Checks a value given on the command line; the message names the option and what is expected. */
    void check(String value) throws UsageException {
        switch (kind) {
            case TEXT -> {
                if (value.isBlank()) throw new UsageException("--" + name + " needs a non-empty " + valueName);
            }
            case NUMBER -> number(value);
            case ROLES -> {
                if (!roles(value).contains(Role.ADMIN)) {
                    throw new UsageException("--" + name + " must include ADMIN: this command creates an administrator");
                }
            }
        }
    }

    long number(String value) throws UsageException {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + abbreviate(value) + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    static Set<Role> roles(String value) throws UsageException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : value.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown role '" + abbreviate(part.strip()) + "'; roles are " + Arrays.toString(Role.values()));
            }
        }
        if (roles.isEmpty()) {
            throw new UsageException("--roles needs at least one role of " + Arrays.toString(Role.values()));
        }
        return roles;
    }

    /** The synopsis form: {@code --persons N} or {@code [--persons N]}. */
    String synopsis() {
        String form = "--" + name + " " + valueName;
        return required ? form : "[" + form + "]";
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
