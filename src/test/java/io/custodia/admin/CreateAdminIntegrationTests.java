package io.custodia.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.CustodiaApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** create-admin through the command line, on the application started without its web server. */
class CreateAdminIntegrationTests {

    private final TestDatabase database = new TestDatabase();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AdminCommandLine commandLine = new AdminCommandLine(CustodiaApplication.class,
            new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

    @Test
    void createsAnAdministratorWithAOneTimePasswordThenRefusesTheSameUsernameWithExitCode1() {
        int first = commandLine.execute(args("create-admin", "--username", "dpo.office", "--roles", "ADMIN,DPO"));

        assertThat(first).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Administrator 'dpo.office' created with roles [ADMIN, DPO]")
                .containsPattern("One-time password: [A-Za-z0-9_-]{24}\n");

        int second = commandLine.execute(args("create-admin", "--username", "dpo.office"));

        assertThat(second).isEqualTo(AdminCommandLine.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("custodia create-admin: The username 'dpo.office' is already taken");
    }

    private String[] args(String... command) {
        return Stream.concat(Stream.of(command), Stream.of(database.arguments())).toArray(String[]::new);
    }
}
