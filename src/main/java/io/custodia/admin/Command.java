package io.custodia.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The admin commands, with the options each accepts; {@code java -jar custodia.jar <command> [options]}. */
enum Command {

    HELP("help", "Print this help.", false, List.of()),

    GENERATE_MASTER_KEY("generate-master-key",
            "Print a new master keyset (Tink JSON, AES-256-GCM) to stdout. Keep it secret and safe: every person's data key is wrapped by it.",
            false, List.of()),

    CREATE_ADMIN("create-admin",
            "Create an administrator. The password comes from the environment variable CUSTODIA_ADMIN_PASSWORD; without it a "
                    + "one-time password is generated, printed once, and must be changed at first login.",
            true, List.of(
                    OptionSpec.text("username", "NAME", "login name: 3-64 lowercase letters, digits, '.', '_' or '-'", null, true),
                    OptionSpec.text("display-name", "TEXT", "name shown in the UI", "Administrator", false),
                    OptionSpec.roles("roles", "comma-separated roles, including ADMIN (default: custodia.identity.first-admin-roles, ADMIN,SALES)"))),

    DEMO_DATA("demo-data",
            "Add realistic demo data (French and American contacts, organisations, interactions, deals), encrypted like real data.",
            true, List.of(
                    OptionSpec.number("persons", "persons to create", DemoData.Counts.DEFAULT.persons(), 0, 1_000_000),
                    OptionSpec.number("organisations", "organisations to create", DemoData.Counts.DEFAULT.organisations(), 0, 100_000),
                    OptionSpec.number("interactions", "calls, meetings, emails and notes over the last 2 years",
                            DemoData.Counts.DEFAULT.interactions(), 0, 10_000_000),
                    OptionSpec.number("deals", "deals spread over the pipeline stages", DemoData.Counts.DEFAULT.deals(), 0, 1_000_000),
                    OptionSpec.number("seed", "random seed: the same seed gives the same data", DemoData.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE))),

    VERIFY_LEDGER("verify-ledger",
            "Verify the audit ledger's hash chain and signed checkpoints; exit 0 when it holds, 1 naming the first broken entry.",
            true, List.of()),

    LEDGER_PUBLIC_KEY("ledger-public-key",
            "Print the public key that signs the audit ledger's checkpoints (Tink JSON public keyset, no secret), for verify-export.",
            true, List.of()),

    VERIFY_EXPORT("verify-export",
            "Verify an exported segment of the audit ledger (JSON lines from GET /api/v1/audit/export) offline, with only the "
                    + "ledger's public key: no database, no master key. Exit 0 when it holds, 1 naming the first broken entry.",
            false, List.of(
                    OptionSpec.text("file", "PATH", "the exported segment (.jsonl)", null, true),
                    OptionSpec.text("public-key", "PATH", "the public keyset, as printed by ledger-public-key or served at /api/v1/audit/public-key (tinkPublicKeyset)", null, true))),

    REPLAY_FORGET_LIST("replay-forget-list",
            "After restoring the database from a backup: erase again every person on the forget list (custodia.rights.forget-list-file) "
                    + "that the restored copy brought back (their key destroyed, their rows deleted). Also runs at every start.",
            true, List.of()),

    BENCH_DATA("bench-data",
            "Create many persons fast (batched through the same encrypting path as imports) and print the rate.",
            true, List.of(
                    OptionSpec.requiredNumber("persons", "persons to create", 1, 100_000_000),
                    OptionSpec.number("batch", "persons per transaction", 1_000, 1, 10_000),
                    OptionSpec.number("seed", "random seed: the same seed gives the same data", DemoData.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE)));

    private final String id;
    private final String summary;
    private final boolean needsApplication;
    private final List<OptionSpec> options;

    Command(String id, String summary, boolean needsApplication, List<OptionSpec> options) {
        this.id = id;
        this.summary = summary;
        this.needsApplication = needsApplication;
        this.options = options;
    }

    String id() {
        return id;
    }

    /** Whether the command runs inside the application (database, keys), started without its web server. */
    boolean needsApplication() {
        return needsApplication;
    }

    List<OptionSpec> options() {
        return options;
    }

    Optional<OptionSpec> option(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    static Optional<Command> named(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /** This command's usage: synopsis, what it does, its options. */
    String usage() {
        StringBuilder text = new StringBuilder("Usage: java -jar custodia.jar ").append(id);
        options.forEach(o -> text.append(' ').append(o.synopsis()));
        if (needsApplication) text.append(" [--spring.property=value ...]");
        text.append("\n\n").append(wrap(summary, "  ", 100)).append('\n');
        if (!options.isEmpty()) {
            text.append('\n');
            int width = options.stream().mapToInt(o -> o.name().length() + o.valueName().length()).max().orElse(0) + 4;
            for (OptionSpec o : options) {
                String form = "--" + o.name() + " " + o.valueName();
                text.append("  ").append(form).append(" ".repeat(Math.max(1, width - form.length() + 1))).append(o.help());
                if (o.defaultValue() != null) text.append(" (default ").append(o.defaultValue()).append(')');
                text.append('\n');
            }
        }
        if (needsApplication) {
            text.append("\n  The database and keys are configured as for a normal start (application.yml, environment,\n")
                    .append("  or options such as --spring.datasource.url=jdbc:postgresql://host/db).\n");
        }
        return text.toString();
    }

    private static String wrap(String text, String indent, int width) {
        StringBuilder out = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column + word.length() + 1 > width && column > indent.length()) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > indent.length()) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    /** All commands, one line each. */
    static String overview() {
        StringBuilder text = new StringBuilder("Usage: java -jar custodia.jar [--demo]           start the web application\n")
                .append("       java -jar custodia.jar <command> [options]  run an admin command and exit\n\nCommands:\n");
        for (Command c : values()) {
            String first = c.summary.contains(". ") ? c.summary.substring(0, c.summary.indexOf(". ") + 1) : c.summary;
            text.append(String.format("  %-20s %s%n", c.id, first));
        }
        return text.append("\n--demo fills an empty instance with demo data after start-up.\n")
                .append("Exit codes: 0 done, 1 failed, 2 wrong usage. 'java -jar custodia.jar <command> --help' shows a command's options.\n")
                .toString();
    }
}
