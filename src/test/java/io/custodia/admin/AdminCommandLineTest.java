package io.custodia.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.CustodiaApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line refuses wrong usage with exit code 2 and a message naming the problem, before anything starts. */
class AdminCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AdminCommandLine commandLine = new AdminCommandLine(CustodiaApplication.class,
            new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

    @Test
    void recognisesOnlyItsCommandsSoOtherArgumentsStartTheWebApplication() {
        assertThat(AdminCommandLine.isCommand(new String[] {"create-admin", "--username", "x"})).isTrue();
        assertThat(AdminCommandLine.isCommand(new String[] {"--demo"})).isFalse();
        assertThat(AdminCommandLine.isCommand(new String[] {"--server.port=9090"})).isFalse();
        assertThat(AdminCommandLine.isCommand(new String[0])).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "create-admin                                    | --username is required",
            "create-admin --username                         | --username needs a value: --username NAME",
            "create-admin --username a --roles ADMIN,BOSS    | unknown role 'BOSS'; roles are [ADMIN, DPO, SALES",
            "create-admin --username a --roles SALES         | --roles must include ADMIN",
            "create-admin --username a --password secret     | unknown option --password; create-admin accepts [--username, --display-name, --roles]",
            "demo-data --persons many                        | --persons must be a whole number, got 'many'",
            "demo-data --persons -3                          | --persons must be between 0 and 1000000, got -3",
            "demo-data --seed 1 --seed 2                     | --seed is given twice",
            "demo-data --persons 0                           | interactions need persons: give --persons 1 or more",
            "demo-data 200                                   | unexpected argument '200'; options start with --",
            "demo-data --spring.datasource.url               | give Spring properties as --spring.datasource.url=value",
            "bench-data                                      | --persons is required",
            "bench-data --persons 0                          | --persons must be between 1 and 100000000, got 0",
            "bench-data --persons 10 --batch 20000           | --batch must be between 1 and 10000, got 20000",
            "generate-master-key --out key.json              | unknown option --out; generate-master-key takes no options",
            "generate-master-key now                         | unexpected argument 'now'; generate-master-key takes no arguments"})
    void refusesWrongUsageWithExitCode2AndTheCommandsUsage(String line, String message) {
        String[] args = line.strip().split("\\s+");

        int code = commandLine.execute(args);

        assertThat(code).isEqualTo(AdminCommandLine.USAGE);
        assertThat(err()).contains("custodia " + args[0] + ": " + message)
                .contains("Usage: java -jar custodia.jar " + args[0]);
        assertThat(out()).isEmpty();
    }

    @Test
    void generatesARootKeysetOnStdoutAndTellsOnStderrHowToSupplyIt() {
        int code = commandLine.execute("generate-master-key");

        assertThat(code).isZero();
        assertThat(out()).startsWith("{\"primaryKeyId\":").contains("AesGcmKey");
        assertThat(err()).contains("CUSTODIA_MASTER_KEYSET").contains("custodia.crypto.master-keyset-file");
    }

    @Test
    void generatesADifferentKeyEachTime() {
        commandLine.execute("generate-master-key");
        String first = out();
        out.reset();
        commandLine.execute("generate-master-key");

        assertThat(out()).isNotEqualTo(first);
    }

    @Test
    void printsTheOverviewForHelpAndACommandsOptionsForItsHelp() {
        assertThat(commandLine.execute("help")).isZero();
        assertThat(out()).contains("create-admin", "demo-data", "bench-data", "generate-master-key", "--demo");
        out.reset();

        assertThat(commandLine.execute("bench-data", "--help")).isZero();
        assertThat(out()).contains("--persons N", "--batch N", "(default 1000)");
    }

    @Test
    void acceptsBothOptionFormsAndKeepsSpringPropertiesApart() throws UsageException {
        Options options = Options.parse(Command.DEMO_DATA, java.util.List.of("--persons=12", "--deals", "3",
                "--spring.datasource.url=jdbc:h2:mem:x", "--seed", "-7"));

        assertThat(options.count("persons")).isEqualTo(12);
        assertThat(options.count("deals")).isEqualTo(3);
        assertThat(options.number("seed")).isEqualTo(-7);
        assertThat(options.count("organisations")).isEqualTo(DemoData.Counts.DEFAULT.organisations());
        assertThat(options.springArguments()).containsExactly("--spring.datasource.url=jdbc:h2:mem:x");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
