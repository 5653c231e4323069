package io.custodia.admin;

import io.custodia.crypto.RootKeys;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Runs {@code java -jar custodia.jar <command> [options]}: checks the options first (exit code 2 with
 * the usage on stderr when they are wrong), then runs the command, inside the application started
 * without its web server when it needs the database, and returns 0 when done or 1 when it failed.
 */
public final class AdminCommandLine {

    /** Exit codes, as in sysexits-style tools: done, failed, wrong usage. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final Class<?> application;
    private final Console console;

    AdminCommandLine(Class<?> application, Console console) {
        this.application = application;
        this.console = console;
    }

    /** Whether the first argument names an admin command (otherwise the web application starts). */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && Command.named(args[0]).isPresent();
    }

    /**
     * Runs the command named by {@code args[0]} with {@code application} as the Spring Boot application.
     *
     * @return the exit code: 0 done, 1 failed, 2 wrong usage
     */
    public static int run(Class<?> application, String[] args) {
        return new AdminCommandLine(application, new Console(System.out, System.err)).execute(args);
    }

    int execute(String... args) {
        Command command = Command.named(args.length == 0 ? "" : args[0]).orElse(null);
        if (command == null) {
            console.err().println("custodia: " + (args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'"));
            console.err().print("\n" + Command.overview());
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (command == Command.HELP || rest.contains("--help") || rest.contains("-h")) {
            console.out().print(command == Command.HELP ? Command.overview() : command.usage());
            return OK;
        }
        Options options;
        try {
            options = Options.parse(command, rest);
            checkTogether(command, options);
        } catch (UsageException e) {
            console.err().println("custodia " + command.id() + ": " + e.getMessage() + "\n");
            console.err().print(command.usage());
            return USAGE;
        }
        if (command == Command.GENERATE_MASTER_KEY) {
            return generateMasterKey();
        }
        if (command == Command.VERIFY_EXPORT) {
            return verifyExport(options);
        }
        return inApplication(command, options);
    }

    /** Checks what single options cannot: values that must fit together. */
    private static void checkTogether(Command command, Options options) throws UsageException {
        if (command == Command.DEMO_DATA) {
            try {
                AdminCommands.counts(options);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    private int generateMasterKey() {
        console.out().println(RootKeys.generateJson());
        console.err().println("""
                A new master keyset was printed to stdout. Store it where only Custodia can read it, and supply it
                either in the environment variable CUSTODIA_MASTER_KEYSET (the JSON itself), or in a file named by
                custodia.crypto.master-keyset-file (e.g. java -jar custodia.jar generate-master-key > /secure/master-keyset.json,
                chmod 600). Back it up apart from the database: without it no personal data can ever be read again.""");
        return OK;
    }

    /** The offline verifier: reads the files, checks signatures and chain, prints the verdict. */
    private int verifyExport(Options options) {
        java.nio.file.Path file = java.nio.file.Path.of(options.text("file").orElseThrow());
        java.nio.file.Path keyFile = java.nio.file.Path.of(options.text("public-key").orElseThrow());
        try (java.io.BufferedReader lines = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            var result = io.custodia.audit.SegmentVerifier.verify(lines, java.nio.file.Files.readString(keyFile));
            var chain = result.chain();
            if (!chain.valid()) {
                console.err().println("Segment BROKEN at entry " + chain.seq() + " (" + chain.problem() + "): " + chain.detail()
                        + " [" + chain.entriesChecked() + " entries checked]");
                return FAILED;
            }
            console.out().println("Segment verified: entries " + result.from() + " to " + result.to() + ", " + chain.entriesChecked()
                    + " entries, chain intact.");
            console.out().println(result.startAnchored()
                    ? "Its start is anchored (" + (result.from() == 1 ? "the ledger's first entry" : "a signed checkpoint at entry " + (result.from() - 1)) + ")."
                    : "Its start is NOT anchored: no signed checkpoint at entry " + (result.from() - 1) + " is included, so entries before it are not covered.");
            if (result.sealedUpTo() == null) {
                // a chain alone can be fabricated whole: only a signature of the ledger's key proves it came from it
                console.err().println("NOT PROVEN: no signed checkpoint in the segment covers its entries, so it cannot be told from a"
                        + " fabricated chain. Sign a checkpoint (POST /api/v1/audit/checkpoints) and export again.");
                return FAILED;
            }
            console.out().println("Signed checkpoints cover it up to entry " + result.sealedUpTo()
                    + (result.sealedUpTo() < result.to() ? "; entries " + (result.sealedUpTo() + 1) + " to " + result.to() + " are not yet sealed." : "."));
            return OK;
        } catch (java.nio.file.NoSuchFileException e) {
            console.err().println("custodia verify-export: no such file: " + e.getFile());
            return FAILED;
        } catch (java.io.IOException e) {
            console.err().println("custodia verify-export: cannot read " + file + " or " + keyFile + ": " + e);
            return FAILED;
        } catch (IllegalArgumentException e) {
            console.err().println("custodia verify-export: " + e.getMessage());
            return FAILED;
        }
    }

    private int inApplication(Command command, Options options) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .environment(commandEnvironment())
                    .run(options.springArguments().toArray(String[]::new));
        } catch (RuntimeException e) {
            console.err().println("custodia " + command.id() + ": the application could not start: " + rootMessage(e));
            return FAILED;
        }
        try (context) {
            return context.getBean(AdminCommands.class).run(command, options, console);
        } catch (RuntimeException e) {
            console.err().println("custodia " + command.id() + ": failed: " + rootMessage(e));
            return FAILED;
        }
    }

    /**
     * The command decides about administrators (no first admin is created behind its back), and logs
     * stay quiet so that its output is readable. These override application.yml and the environment;
     * {@code --spring...=} options on the command line override them.
     */
    private static StandardEnvironment commandEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("admin-command", Map.of(
                "custodia.identity.create-first-admin", "false",
                "logging.level.root", "WARN",
                "spring.main.log-startup-info", "false")));
        return environment;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
