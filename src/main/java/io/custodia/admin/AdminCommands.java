package io.custodia.admin;

import io.custodia.identity.AccountException;
import io.custodia.identity.AccountService;
import io.custodia.identity.IdentityProperties;
import io.custodia.people.PersonService;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The commands that run inside the application; {@link AdminCommandLine} has checked their options. */
@Component
class AdminCommands {

    static final String PASSWORD_VARIABLE = "CUSTODIA_ADMIN_PASSWORD";

    private final AccountService accounts;
    private final IdentityProperties identity;
    private final Environment environment;
    private final DemoData demoData;
    private final PersonService persons;
    private final io.custodia.audit.AuditVerifier verifier;
    private final io.custodia.crypto.LedgerSignatures signatures;
    private final io.custodia.rights.ForgetList forgetList;

    AdminCommands(AccountService accounts, IdentityProperties identity, Environment environment, DemoData demoData,
            PersonService persons, io.custodia.audit.AuditVerifier verifier, io.custodia.crypto.LedgerSignatures signatures,
            io.custodia.rights.ForgetList forgetList) {
        this.forgetList = forgetList;
        this.signatures = signatures;
        this.verifier = verifier;
        this.accounts = accounts;
        this.identity = identity;
        this.environment = environment;
        this.demoData = demoData;
        this.persons = persons;
    }

    int run(Command command, Options options, Console console) {
        return switch (command) {
            case CREATE_ADMIN -> createAdmin(options, console);
            case DEMO_DATA -> demoData(options, console);
            case BENCH_DATA -> benchData(options, console);
            case VERIFY_LEDGER -> verifyLedger(console);
            case REPLAY_FORGET_LIST -> {
                int again = forgetList.replay();
                var listed = forgetList.entries().values();
                long kept = listed.stream().filter(e -> !e.kept().isEmpty()).count();
                console.out().println("Forget list " + forgetList.file() + ": " + listed.size() + " erased person(s) listed (" + kept
                        + " of them erased except what a legal hold keeps), " + again + " found in the database and erased again.");
                yield AdminCommandLine.OK;
            }
            case LEDGER_PUBLIC_KEY -> {
                console.out().println(signatures.publicKeysetJson());
                console.err().println("Public key " + signatures.keyId() + " (Ed25519) of the audit ledger's checkpoints; it holds no secret.");
                yield AdminCommandLine.OK;
            }
            case HELP, GENERATE_MASTER_KEY, VERIFY_EXPORT -> throw new IllegalArgumentException(command.id() + " runs without the application");
        };
    }

    private int createAdmin(Options options, Console console) {
        String username = options.text("username").orElseThrow();
        try {
            var created = accounts.createStaff(username, options.text("display-name").orElseThrow(),
                    options.roles("roles").orElse(identity.firstAdminRoles()), environment.getProperty(PASSWORD_VARIABLE));
            console.out().println("Administrator '" + created.account().username() + "' created with roles "
                    + created.account().roles().stream().map(Enum::name).sorted().toList() + ".");
            if (created.oneTimePassword() != null) {
                // Shown once; it must be changed at first login, where a second factor (TOTP) is set too.
                console.out().println("One-time password: " + created.oneTimePassword());
                console.out().println("It is shown only now and must be changed at first sign-in, with a second factor (TOTP).");
            } else {
                console.out().println("Password taken from " + PASSWORD_VARIABLE + ".");
            }
            return AdminCommandLine.OK;
        } catch (AccountException e) {
            console.err().println("custodia create-admin: " + e.getMessage());
            return AdminCommandLine.FAILED;
        }
    }

    /** Verifies the audit ledger (GDPR Art. 5(2)): 0 when the chain holds, 1 with the first broken entry named. */
    private int verifyLedger(Console console) {
        var report = verifier.verify();
        if (report.valid()) {
            console.out().println("Audit ledger verified: " + report.entriesChecked() + " entries, chain intact.");
            return AdminCommandLine.OK;
        }
        console.err().println("Audit ledger BROKEN at entry " + report.seq() + " (" + report.problem() + "): " + report.detail()
                + " [" + report.entriesChecked() + " entries checked]");
        return AdminCommandLine.FAILED;
    }

    /** @throws IllegalArgumentException when the counts do not fit together (interactions without persons) */
    static DemoData.Counts counts(Options options) {
        return new DemoData.Counts(options.count("persons"), options.count("organisations"), options.count("interactions"),
                options.count("deals"));
    }

    private int demoData(Options options, Console console) {
        var counts = counts(options);
        long existing = persons.count();
        if (existing > 0) {
            console.err().println("Note: the instance already has " + existing + " persons; demo data is added to them.");
        }
        long start = System.nanoTime();
        var created = demoData.generate(counts, options.number("seed"));
        console.out().println("Demo data created in " + seconds(System.nanoTime() - start) + ": " + created.describe() + ".");
        return AdminCommandLine.OK;
    }

    private int benchData(Options options, Console console) {
        int total = options.count("persons");
        int batch = options.count("batch");
        var generator = PersonGenerator.forBenchmark(options.number("seed"));
        long start = System.nanoTime();
        int reportEvery = Math.max(batch, total / 10);
        int nextReport = reportEvery;
        for (int done = 0; done < total; ) {
            int size = Math.min(batch, total - done);
            persons.createAll(DemoData.REQUEST, generator.next(size));
            done += size;
            if (done >= nextReport || done == total) {
                console.err().printf("  %,d / %,d persons (%,.0f/s)%n", done, total, rate(done, System.nanoTime() - start));
                nextReport += reportEvery;
            }
        }
        long elapsed = System.nanoTime() - start;
        console.out().printf("Created %,d persons in %s: %,.0f persons/s (batches of %,d, generation included).%n", total,
                seconds(elapsed), rate(total, elapsed), batch);
        return AdminCommandLine.OK;
    }

    private static double rate(long count, long nanos) {
        return count / (nanos / 1e9);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }
}
