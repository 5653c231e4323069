package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.CustodiaApplication;
import io.custodia.admin.DemoData;
import io.custodia.identity.AccountService;
import io.custodia.identity.Role;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import io.custodia.support.PostgresDatabase;
import io.custodia.support.Staff;
import io.custodia.support.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 3, "Crash": the application is killed with SIGKILL while 16 clients read and change persons
 * through the API, then started again; the chain must verify, sequence numbers must have no gap, and
 * every request that had returned 2xx to its client must have its entry (a read returns only once its
 * entry is durable; a write's entries commit with it).
 *
 * <p>How: a short-lived context in this JVM prepares a schema of its own (a SALES and an AUDITOR account
 * with API tokens, {@value #PERSONS} persons) and is closed; the real application then runs as a child
 * JVM on that schema and is loaded by {@value #THREADS} threads, each request with a unique
 * {@code X-Request-Id} that the ledger stores as the entry's correlation id; {@code kill -9} ends it
 * mid-load; a second child starts on the same schema, serves reads, verifies the whole chain through
 * {@code GET /api/v1/audit/verify} ({@link AuditVerifier#verify()}) and is stopped; then plain JDBC
 * checks that sequence numbers have no gap and looks up the entry of every acknowledged request. Child
 * logs (and a thread dump, should the application stall under the load) are under
 * {@code target/crash-test/}.
 *
 * <p>PostgreSQL only (skipped unless {@code custodia.test.postgres.url} is set, like the other PostgreSQL
 * classes): an in-memory H2 database lives inside the killed process and dies with it, so there would be
 * nothing to restart on, and no H2 twin of this class exists.
 */
@EnabledIfSystemProperty(named = PostgresDatabase.URL_PROPERTY, matches = ".+",
        disabledReason = "PostgreSQL suite: set -Dcustodia.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/test to run it")
class LedgerCrashPostgresIntegrationTests {

    private static final int THREADS = 16;
    private static final int PERSONS = 200;
    /** Load runs at least this long before the kill ... */
    private static final Duration MIN_LOAD = Duration.ofSeconds(4);
    /** ... and until at least this many reads were acknowledged (at most {@link #MAX_LOAD}). */
    private static final int MIN_ACKNOWLEDGED_READS = 250;
    private static final Duration MAX_LOAD = Duration.ofSeconds(20);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String PURPOSE = "crm";
    /** Spring Boot's log line once the web server listens. */
    private static final Pattern STARTED_ON = Pattern.compile("Tomcat started on port (\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> children = new ArrayList<>();
    private String jdbcUrl;
    private String user;
    private String password;
    private String schema;
    private Path keyset;
    private Path logs;

    /** A request that returned 2xx to its client: the ledger must hold its entry. */
    private record Acknowledged(String correlationId, UUID subject, AuditAction action) {
    }

    /** What the first run of the application did before it was killed. */
    private record Load(List<Acknowledged> acknowledged, Map<String, Integer> statuses, int failedInFlight, long millis) {
        long count(AuditAction action) {
            return acknowledged.stream().filter(a -> a.action() == action).count();
        }
    }

    private record Fixture(String salesToken, String auditorToken, List<SubjectId> persons) {
    }

    @BeforeEach
    void freshSchemaAndKeyset() throws IOException {
        String base = System.getProperty(PostgresDatabase.URL_PROPERTY);
        schema = "ct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        jdbcUrl = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        user = System.getProperty("custodia.test.postgres.user", "postgres");
        password = System.getProperty("custodia.test.postgres.password", "");
        keyset = TestKeys.freshKeysetFile();
        logs = Files.createDirectories(Path.of("target", "crash-test").toAbsolutePath());
    }

    @AfterEach
    void killChildrenAndDropSchema() throws Exception {
        for (Process child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void afterSigkillUnderLoadTheChainVerifiesAndEveryAcknowledgedRequestHasItsEntry() throws Exception {
        long t0 = System.nanoTime();
        Fixture fixture = prepare();
        long prepared = System.nanoTime();

        // 1. the real application under load, killed with SIGKILL while the load runs
        Process first = startApplication("1-killed");
        int port = awaitHealthy(first, "1-killed");
        long firstUp = System.nanoTime();
        Load load = loadThenKill(first, port, fixture);
        long killed = System.nanoTime();
        assertThat(first.exitValue()).as("exit code of the first run: 137 = killed by SIGKILL (9)").isEqualTo(137);
        assertThat(load.statuses().keySet())
                .as("HTTP statuses answered during the load (status -> count): %s", load.statuses())
                .allMatch(status -> status.startsWith("2"));
        assertThat(load.count(AuditAction.READ))
                .as("reads acknowledged before the kill (the test must not pass vacuously); load: %s", summary(load))
                .isGreaterThan(100);

        // 2. restart on the same schema and key: it serves reads again and its verifier accepts the chain
        Process second = startApplication("2-restarted");
        int port2 = awaitHealthy(second, "2-restarted");
        long secondUp = System.nanoTime();
        List<Acknowledged> afterRestart = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SubjectId subject = fixture.persons().get(i * 7 % PERSONS);
            String id = UUID.randomUUID().toString();
            HttpResponse<String> read = send(port2, fixture.salesToken(), id, "GET", "/api/v1/persons/" + subject, null);
            assertThat(read.statusCode()).as("read %s after restart: %s", id, read.body()).isEqualTo(200);
            assertThat(read.headers().firstValue("X-Request-Id")).contains(id);
            afterRestart.add(new Acknowledged(id, subject.value(), AuditAction.READ));
        }
        HttpResponse<String> verified = send(port2, fixture.auditorToken(), UUID.randomUUID().toString(), "GET",
                "/api/v1/audit/verify", null);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        Map<?, ?> report = JSON.readValue(verified.body(), Map.class);
        assertThat(report.get("valid")).as("AuditVerifier#verify() in the restarted application: %s", verified.body()).isEqualTo(true);
        long verifiedEntries = ((Number) report.get("entriesChecked")).longValue();
        assertThat(verifiedEntries).as(verified.body()).isGreaterThanOrEqualTo(load.acknowledged().size() + afterRestart.size());
        second.destroy(); // SIGTERM: a graceful stop
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("the restarted application stops on SIGTERM").isTrue();

        System.out.printf("Crash test phases: prepare %d ms, first start %d ms, load %d ms, restart %d ms, total before the row checks %d ms%n",
                millisBetween(t0, prepared), millisBetween(prepared, firstUp), load.millis(), millisBetween(killed, secondUp),
                millisBetween(t0, System.nanoTime()));

        // 3. the rows themselves: no gap, head at the last entry, an entry for every acknowledged request
        List<Acknowledged> all = new ArrayList<>(load.acknowledged());
        all.addAll(afterRestart);
        assertLedgerHoldsEveryAcknowledgedRequest(all, load, verifiedEntries);
    }

    /** Accounts, tokens and persons, made by the application's own services in a context that is closed again. */
    private Fixture prepare() {
        List<String> args = new ArrayList<>(applicationArguments());
        args.add("--logging.level.root=WARN");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CustodiaApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).run(args.toArray(String[]::new))) {
            AccountService accounts = context.getBean(AccountService.class);
            var sales = accounts.createAccount("crash-sales", "Crash Sales", Staff.PASSWORD, Set.of(Role.SALES), false);
            var auditor = accounts.createAccount("crash-auditor", "Crash Auditor", Staff.PASSWORD, Set.of(Role.AUDITOR), false);
            List<PersonInput> inputs = IntStream.range(0, PERSONS).mapToObj(i -> PersonInput.fromJson(Map.of(
                    "firstName", "Ada" + (char) ('a' + i % 26), "lastName", "Crash" + i, "emails", List.of("ada" + i + "@crash.example"),
                    "city", "Lyon", "country", "FR", "jurisdiction", "EU", "jobTitle", "Buyer"), 0)).toList();
            List<SubjectId> persons = context.getBean(PersonService.class).createAll(DemoData.REQUEST, inputs);
            return new Fixture(accounts.issueToken(sales.id(), "crash-test", null).secret(),
                    accounts.issueToken(auditor.id(), "crash-test", null).secret(), persons);
        }
    }

    /**
     * {@value #THREADS} clients, each sending one request after another with its own {@code X-Request-Id}:
     * mostly reads of a person, every eighth a change of one of the persons only that client changes
     * (so writes never conflict). Once the load has run long enough, the child gets SIGKILL while the
     * clients keep sending; a request counts as acknowledged only when its whole 2xx response arrived.
     */
    private Load loadThenKill(Process child, int port, Fixture fixture) throws Exception {
        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger acknowledgedReads = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        LongAdder sent = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> running = new ArrayList<>();
        // No warm-up: 16 clients start at once against a fresh process. The group committer commits on
        // connections of its own, so reads holding every pooled connection while they wait for it cannot
        // starve it (a stall this test found when it shared the application's pool).
        long started = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            int client = t;
            running.add(clients.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    boolean write = n % 8 == 7;
                    // a writer changes only persons whose index is its own modulo THREADS
                    int index = write ? (client + THREADS * (n / 8)) % PERSONS : (client * 37 + n * 13) % PERSONS;
                    SubjectId subject = fixture.persons().get(index);
                    String id = UUID.randomUUID().toString();
                    try {
                        sent.increment();
                        HttpResponse<String> response = write
                                ? send(port, fixture.salesToken(), id, "PATCH", "/api/v1/persons/" + subject,
                                        "{\"jobTitle\":\"Buyer " + client + "-" + n + "\"}")
                                : send(port, fixture.salesToken(), id, "GET", "/api/v1/persons/" + subject, null);
                        statuses.merge(String.valueOf(response.statusCode()), 1, Integer::sum);
                        if (response.statusCode() / 100 == 2) {
                            acknowledged.add(new Acknowledged(id, subject.value(), write ? AuditAction.UPDATE : AuditAction.READ));
                            if (!write) acknowledgedReads.incrementAndGet();
                        }
                    } catch (UncheckedIOException e) {
                        failed.incrementAndGet(); // in flight when the process died, or sent after: never acknowledged
                        if (e.getCause() instanceof ConnectException) sleep(20);
                    }
                }
            }));
        }
        long deadline = started + MAX_LOAD.toNanos();
        while (System.nanoTime() - started < MIN_LOAD.toNanos()
                || (acknowledgedReads.get() < MIN_ACKNOWLEDGED_READS && System.nanoTime() < deadline)) {
            assertThat(child.isAlive()).as("the application died under load; see %s", logOf("1-killed")).isTrue();
            Thread.sleep(50);
        }
        int beforeKill = acknowledged.size();
        if (acknowledgedReads.get() < MIN_ACKNOWLEDGED_READS) threadDump(child, "1-stalled"); // evidence for a stalled application
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -9 %s", child.pid()).isZero();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Thread.sleep(200); // the clients keep sending at the dead port for a moment
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("the clients stop").isTrue();
        for (Future<?> f : running) f.get();
        Load load = new Load(List.copyOf(acknowledged), new TreeMap<>(statuses), failed.get(), millis);
        System.out.printf("Crash test load: %s; %d acknowledged when kill -9 was sent, %d requests sent%n", summary(load),
                beforeKill, sent.sum());
        return load;
    }

    private void assertLedgerHoldsEveryAcknowledgedRequest(List<Acknowledged> acknowledged, Load load, long verifiedEntries)
            throws SQLException {
        try (Connection c = connect()) {
            long headSeq;
            long firstSeq;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, first_seq FROM audit_head WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                headSeq = rs.getLong(1);
                firstSeq = rs.getLong(2);
            }
            long count;
            long min;
            long max;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM audit_entry")) {
                rs.next();
                count = rs.getLong(1);
                min = rs.getLong(2);
                max = rs.getLong(3);
            }
            String numbers = "entries=" + count + ", seq " + min + ".." + max + ", head=" + headSeq + ", first_seq=" + firstSeq
                    + ", verified after the restart=" + verifiedEntries;
            assertThat(min).as("the chain starts at first_seq: %s", numbers).isEqualTo(firstSeq);
            assertThat(count).as("no gap in sequence numbers: %s", numbers).isEqualTo(max - min + 1);
            assertThat(headSeq).as("the head row points at the last entry: %s", numbers).isEqualTo(max);

            Map<String, List<String>> entries = new HashMap<>(); // correlation id -> "ACTION subject" of its entries
            try (PreparedStatement q = c.prepareStatement("SELECT correlation_id, action, subject_id FROM audit_entry"
                    + " WHERE correlation_id IS NOT NULL AND action IN ('READ', 'UPDATE')")) {
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        entries.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2) + " " + rs.getString(3));
                    }
                }
            }
            List<String> missing = new ArrayList<>();
            List<String> duplicated = new ArrayList<>();
            for (Acknowledged a : acknowledged) {
                String expected = a.action().name() + " " + a.subject();
                List<String> found = entries.getOrDefault(a.correlationId(), List.of());
                long matching = found.stream().filter(expected::equals).count();
                if (matching == 0) missing.add(a.correlationId() + " (expected " + expected + ", found " + found + ")");
                if (matching > 1) duplicated.add(a.correlationId() + " " + found);
            }
            String batches = "";
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*), MAX(n) FROM (SELECT at, COUNT(*) AS n FROM audit_entry"
                    + " WHERE action = 'READ' AND correlation_id IS NOT NULL AND seq > ? GROUP BY at) b")) {
                q.setLong(1, 0); // entries of one group commit share their time
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) batches = "; the load's reads took " + rs.getLong(1) + " commits, the largest holding " + rs.getLong(2);
                }
            }
            Set<String> acknowledgedIds = acknowledged.stream().map(Acknowledged::correlationId).collect(Collectors.toSet());
            long unacknowledgedButRecorded = entries.keySet().stream().filter(id -> !acknowledgedIds.contains(id)).count();
            String checked = acknowledged.size() + " acknowledged requests checked (" + load.count(AuditAction.READ) + " reads and "
                    + load.count(AuditAction.UPDATE) + " writes before the kill, " + (acknowledged.size() - load.acknowledged().size())
                    + " reads after the restart); " + unacknowledgedButRecorded
                    + " requests in flight at the kill were recorded but never answered; " + numbers + batches;
            System.out.println("Crash test ledger: " + checked);
            assertThat(missing).as("acknowledged requests without their entry: %d of %s; first ones: %s", missing.size(), checked,
                    missing.stream().limit(20).toList()).isEmpty();
            assertThat(duplicated).as("acknowledged requests recorded twice; %s", checked).isEmpty();
            assertThat(load.count(AuditAction.READ)).as(checked).isGreaterThan(100);
        }
    }

    // ------------------------------------------------------------------ child processes

    private List<String> applicationArguments() {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--custodia.crypto.master-keyset-file=" + keyset,
                "--custodia.crypto.allow-generated-master-key=false",
                "--custodia.identity.create-first-admin=false",
                // checkpoints are signed during the load too, so the crash also lands between checkpoints
                "--custodia.audit.checkpoint-every=500",
                "--custodia.audit.checkpoint-interval=PT1S",
                "--spring.main.banner-mode=off",
                "--server.port=0")); // a port of the system's choice, read from the log: no race for a free port
        return args;
    }

    private Process startApplication(String run) throws IOException {
        return start(applicationArguments(), logOf(run));
    }

    /** The application's main class in a JVM of its own, on this test's classpath, output to {@code log}. */
    private Process start(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CustodiaApplication.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(process);
        return process;
    }

    /** The child's threads, written next to its log ({@code jcmd <pid> Thread.print}). */
    private void threadDump(Process child, String run) throws IOException, InterruptedException {
        Path dump = logs.resolve(schema + "-" + run + "-threads.txt");
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(child.pid()),
                "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        jcmd.waitFor(30, TimeUnit.SECONDS);
        System.out.println("Crash test: the application stalled under load; thread dump in " + dump);
    }

    private Path logOf(String run) {
        return logs.resolve(schema + "-" + run + ".log");
    }

    /** Waits until the child logs the port its web server took and answers its health check there; returns the port. */
    private int awaitHealthy(Process child, String run) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int port = 0;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the application (" + run + ") exited with " + child.exitValue() + " while starting:\n" + tail(logOf(run)));
            }
            if (port == 0) {
                Matcher started = STARTED_ON.matcher(Files.readString(logOf(run)));
                if (started.find()) port = Integer.parseInt(started.group(1));
            } else {
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) return port;
                } catch (IOException notYet) {
                    // not answering yet
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application (" + run + ") did not answer within " + START_TIMEOUT + ":\n" + tail(logOf(run)));
    }

    private HttpResponse<String> send(int port, String token, String correlationId, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("X-Purpose", PURPOSE).header("X-Request-Id", correlationId);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String summary(Load load) {
        return load.count(AuditAction.READ) + " reads and " + load.count(AuditAction.UPDATE) + " writes acknowledged in " + load.millis()
                + " ms, statuses " + load.statuses() + ", " + load.failedInFlight() + " requests failed at or after the kill";
    }

    private static long millisBetween(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
