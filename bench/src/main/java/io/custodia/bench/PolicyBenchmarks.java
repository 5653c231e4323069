package io.custodia.bench;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.DataMapLoader;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.policy.AccessPolicy;
import io.custodia.policy.BasisState;
import io.custodia.policy.Decision;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 4: the policy decision for one person and one purpose (median under 2 µs). {@code decision} is
 * the whole decision the gateway makes per read: the purpose authorised for the actor's roles, the
 * fields it may see, then the legal basis for the person's state (consent withdrawn here, so the refusal
 * and its sentence are built). {@code basisOnly} is the per-person part alone. The baseline is the
 * least a CRM can do: look a (person, purpose) pair up in a set of consents. Sample mode, so JMH prints
 * the median (p0.50) beside the mean. {@code bench/run.sh --jmh PolicyBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyBenchmarks {

    private AccessPolicy policy;
    private Purpose emailMarketing;
    private final Actor marketer = Actor.staff(UUID.randomUUID().toString(), Set.of(Role.MARKETING));
    private final BasisState withdrawn = new BasisState("CONSENT_WITHDRAWN", Instant.parse("2026-03-02T10:00:00Z"), null);
    private final BasisState given = new BasisState("CONSENT_GIVEN", Instant.parse("2026-03-02T10:00:00Z"), null);
    private final Set<String> consents = new HashSet<>();
    private final String key = UUID.randomUUID() + "|email-marketing";

    @Setup
    public void load() throws Exception {
        try (InputStream in = PolicyBenchmarks.class.getResourceAsStream("/datamap/default-datamap.yml")) {
            DataMap map = new DataMapLoader().load(in, "default-datamap.yml");
            policy = new AccessPolicy(map);
            emailMarketing = map.purpose("email-marketing").orElseThrow();
        }
        for (int i = 0; i < 100_000; i++) consents.add(UUID.randomUUID() + "|email-marketing");
        consents.add(key);
    }

    @Benchmark
    public void decision(Blackhole out) {
        Decision decision = policy.decideRead(marketer, "email-marketing", "person");
        out.consume(decision);
        out.consume(policy.decideBasis(decision.purpose(), withdrawn));
    }

    @Benchmark
    public Object basisOnlyRefused() {
        return policy.decideBasis(emailMarketing, withdrawn);
    }

    @Benchmark
    public Object basisOnlyAllowed() {
        return policy.decideBasis(emailMarketing, given);
    }

    @Benchmark
    public boolean baselineSetLookup() {
        return consents.contains(key);
    }
}
