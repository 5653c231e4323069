package io.custodia.admin;

import io.custodia.identity.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one command, parsed and checked: {@code --name value} or {@code --name=value}.
 * Spring properties ({@code --spring.datasource.url=...}, any name with a dot, always with {@code =})
 * are kept apart and handed to the application as they are.
 */
final class Options {

    private final Command command;
    private final Map<String, String> values;
    private final List<String> springArguments;

    private Options(Command command, Map<String, String> values, List<String> springArguments) {
        this.command = command;
        this.values = values;
        this.springArguments = springArguments;
    }

    /**
     * @throws UsageException naming the first problem: unknown option, missing or malformed value, a
     *                        required option absent, a stray argument
     */
    static Options parse(Command command, List<String> args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + abbreviate(arg) + "'" + (command.options().isEmpty()
                        ? "; " + command.id() + " takes no arguments" : "; options start with --"));
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (name.contains(".") && command.needsApplication()) {
                if (equals < 0) throw new UsageException("give Spring properties as --" + abbreviate(name) + "=value");
                spring.add(arg);
                continue;
            }
            OptionSpec spec = command.option(name).orElseThrow(() -> new UsageException("unknown option --" + abbreviate(name)
                    + (command.options().isEmpty() ? "; " + command.id() + " takes no options"
                            : "; " + command.id() + " accepts " + command.options().stream().map(o -> "--" + o.name()).toList())));
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value: --" + name + " " + spec.valueName());
            }
            if (values.containsKey(name)) {
                throw new UsageException("--" + name + " is given twice");
            }
            spec.check(value);
            values.put(name, value.strip());
        }
        for (OptionSpec spec : command.options()) {
            if (spec.required() && !values.containsKey(spec.name())) {
                throw new UsageException("--" + spec.name() + " is required");
            }
        }
        return new Options(command, values, List.copyOf(spring));
    }

    /** The value given, or the default; empty when neither. */
    Optional<String> text(String name) {
        return Optional.ofNullable(values.getOrDefault(name, spec(name).defaultValue()));
    }

    long number(String name) {
        try {
            return spec(name).number(text(name).orElseThrow());
        } catch (UsageException e) {
            throw new IllegalStateException("checked at parse time", e);
        }
    }

    int count(String name) {
        return Math.toIntExact(number(name));
    }

    Optional<Set<Role>> roles(String name) {
        try {
            return values.containsKey(name) ? Optional.of(OptionSpec.roles(values.get(name))) : Optional.empty();
        } catch (UsageException e) {
            throw new IllegalStateException("checked at parse time", e);
        }
    }

    /** Arguments for the application itself: Spring properties such as {@code --spring.datasource.url=...}. */
    List<String> springArguments() {
        return springArguments;
    }

    private OptionSpec spec(String name) {
        return command.option(name).orElseThrow(() -> new IllegalArgumentException(command.id() + " has no option --" + name));
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
