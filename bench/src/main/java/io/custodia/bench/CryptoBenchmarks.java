package io.custodia.bench;

import io.custodia.CustodiaApplication;
import io.custodia.access.scan.NoteScanner;
import io.custodia.crypto.BlindIndex;
import io.custodia.crypto.CipherContext;
import io.custodia.crypto.RootKeys;
import io.custodia.crypto.SubjectCrypto;
import io.custodia.shared.SubjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The kernel's hot paths, one call each, with Custodia's own beans (started once on an in-memory H2
 * database): field encryption and decryption under a subject's data key, a blind-index digest, and
 * the scan of a note. {@code bench/run.sh --jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CryptoBenchmarks {

    private static final String EMAIL = "jeanne.dupont@exemple.fr";
    private static final String NOTE = "Rappeler après le 15 : ligne directe 01 42 68 53 00. Intéressée par l'offre Entreprise, "
            + "budget validé pour le T3, décision avec la DSI.";

    private ConfigurableApplicationContext context;
    private Path keyset;
    private SubjectCrypto crypto;
    private BlindIndex blindIndex;
    private final NoteScanner scanner = new NoteScanner();
    private final SubjectId subject = SubjectId.random();
    private final CipherContext where = new CipherContext("person_data", "emails", subject.value());
    private byte[] ciphertext;

    @Setup(Level.Trial)
    public void start() throws Exception {
        keyset = Files.createTempFile("custodia-jmh-keyset", ".json");
        Files.writeString(keyset, RootKeys.generateJson());
        context = new SpringApplicationBuilder(CustodiaApplication.class).web(WebApplicationType.NONE)
                .run("--spring.datasource.url=jdbc:h2:mem:jmh-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "--custodia.crypto.master-keyset-file=" + keyset, "--custodia.identity.create-first-admin=false",
                        "--logging.level.root=WARN");
        crypto = context.getBean(SubjectCrypto.class);
        blindIndex = context.getBean(BlindIndex.class);
        crypto.createKeys(List.of(subject));
        ciphertext = crypto.encrypt(subject, where, EMAIL);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        context.close();
        Files.deleteIfExists(keyset);
    }

    @Benchmark
    public byte[] encryptField() {
        return crypto.encrypt(subject, where, EMAIL);
    }

    @Benchmark
    public String decryptField() {
        return crypto.decrypt(subject, where, ciphertext);
    }

    @Benchmark
    public String blindIndexDigest() {
        return blindIndex.digest("email", EMAIL);
    }

    @Benchmark
    public Object scanNote() {
        return scanner.scan(NOTE);
    }
}
