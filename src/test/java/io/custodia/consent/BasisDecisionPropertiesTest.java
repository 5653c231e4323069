package io.custodia.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.DataMapLoader;
import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.Purpose;
import io.custodia.policy.AccessPolicy;
import io.custodia.policy.BasisRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * For random histories of consents, objections and restrictions, what the engine decides (the ledger's
 * fold, then the policy) equals a reference model that reads the rules straight off the history: the
 * last word per channel, per objection and per restriction.
 */
class BasisDecisionPropertiesTest {

    private static final DataMap MAP = load();
    private static final AccessPolicy POLICY = new AccessPolicy(MAP);
    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    private static final UUID SUBJECT = UUID.fromString("0190a000-0000-7000-8000-000000000001");

    private static DataMap load() {
        try (InputStream in = BasisDecisionPropertiesTest.class.getResourceAsStream("/datamap/default-datamap.yml")) {
            // the default register with email marketing also selling or sharing data (CCPA), so that rule is drawn too
            String yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("    roles: [MARKETING]\n", "    roles: [MARKETING]\n    sale-or-sharing: true\n");
            return new DataMapLoader().load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.yml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 2_000)
    void theEngineDecidesLikeTheReferenceModel(@ForAll("histories") List<ChoiceEvent> history) {
        assertThat(MAP.purpose("email-marketing").orElseThrow().saleOrSharing()).isTrue();
        ConsentProjection projection = ConsentProjection.fold(history);
        for (Purpose purpose : MAP.purposes().values()) {
            BasisRefusal engine = POLICY.decideBasis(purpose, projection.stateFor(purpose.id()));
            Expected model = reference(purpose, history);
            assertThat(engine == null ? null : engine.reason()).as("%s after %s", purpose.id(), history).isEqualTo(model.reason());
            if (engine != null) assertThat(engine.since()).as("%s since, after %s", purpose.id(), history).isEqualTo(model.since());
            assertThat(POLICY.limitsSensitive(purpose, projection.stateFor(purpose.id()))).as("%s limits sensitive, after %s", purpose.id(), history)
                    .isEqualTo(limitsSensitive(purpose, history));
        }
    }

    /**
     * CCPA §7027: once the person limited the use of sensitive information (ever: silence never lifts it), every
     * purpose beyond what §7027(m) permits does without it; those performing a contract or a legal duty go on.
     */
    static boolean limitsSensitive(Purpose purpose, List<ChoiceEvent> history) {
        boolean limited = history.stream().anyMatch(e -> e.kind() == ChoiceKind.LIMITED_SENSITIVE);
        return limited && (purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || purpose.legalBasis() == LegalBasis.CONSENT);
    }

    record Expected(@Nullable String reason, @Nullable Instant since) {
    }

    /** The rules as a person would state them, read off the whole history each time. */
    static Expected reference(Purpose purpose, List<ChoiceEvent> history) {
        // restricted: the last restriction event is a restriction; since: the first one after the last lift
        Instant restrictedSince = currentSince(history, null, ChoiceKind.RESTRICTED, ChoiceKind.RESTRICTION_LIFTED);
        if (restrictedSince != null && purpose.legalBasis() != LegalBasis.LEGAL_OBLIGATION) {
            return new Expected("RESTRICTED", restrictedSince);
        }
        // an opt-out of sale and sharing is never lifted by a later absence of the signal: the first one counts
        Instant optedOut = history.stream().filter(e -> e.kind() == ChoiceKind.OPTED_OUT_OF_SALE).map(ChoiceEvent::at).findFirst().orElse(null);
        if (optedOut != null && purpose.saleOrSharing()) return new Expected("OPTED_OUT_OF_SALE", optedOut);
        Instant objectedSince = currentSince(history, purpose.id(), ChoiceKind.OBJECTED, ChoiceKind.OBJECTION_LIFTED);
        if (objectedSince != null && (purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || purpose.directMarketing())) {
            return new Expected("OBJECTED", objectedSince);
        }
        if (purpose.legalBasis() != LegalBasis.CONSENT) return new Expected(null, null);
        if (objectedSince != null) return new Expected("CONSENT_MISSING", null);
        // consent: per channel, its last consent event; valid if any channel's last word gives consent
        ChoiceEvent latestRefusal = null;
        boolean anyConsentEvent = false;
        for (Channel channel : Channel.values()) {
            ChoiceEvent last = null;
            for (ChoiceEvent e : history) {
                if (e.kind().changesConsent() && purpose.id().equals(e.purpose()) && e.channel() == channel) last = e;
            }
            if (last == null) continue;
            anyConsentEvent = true;
            if (last.kind() == ChoiceKind.GIVEN || last.kind() == ChoiceKind.RENEWED) return new Expected(null, null);
            if (latestRefusal == null || last.at().isAfter(latestRefusal.at())) latestRefusal = last;
        }
        if (!anyConsentEvent) return new Expected("CONSENT_MISSING", null);
        return new Expected("CONSENT_" + latestRefusal.kind().name(), latestRefusal.at());
    }

    /** Since when the state {@code on} holds (null if the last of {@code on}/{@code off} is not {@code on}). */
    private static @Nullable Instant currentSince(List<ChoiceEvent> history, @Nullable String purpose, ChoiceKind on, ChoiceKind off) {
        Instant since = null;
        for (ChoiceEvent e : history) {
            if (purpose != null && !purpose.equals(e.purpose())) continue;
            if (e.kind() == on && since == null) since = e.at();
            if (e.kind() == off) since = null;
        }
        return since;
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<ChoiceEvent>> histories() {
        return Combinators.combine(step(), Arbitraries.integers().between(0, 2)).as(net.jqwik.api.Tuple::of).list().ofMaxSize(14)
                .map(BasisDecisionPropertiesTest::timed);
    }

    /** One choice the ledger accepts: consent kinds on consent purposes with a channel, objections on LI or DM purposes, restriction on none. */
    private static Arbitrary<ChoiceEvent> step() {
        List<String> consentPurposes = MAP.purposes().values().stream().filter(p -> p.legalBasis() == LegalBasis.CONSENT).map(Purpose::id).toList();
        List<String> objectable = MAP.purposes().values().stream()
                .filter(p -> p.legalBasis() == LegalBasis.LEGITIMATE_INTEREST || p.directMarketing()).map(Purpose::id).toList();
        Arbitrary<ChoiceEvent> consent = Combinators.combine(
                Arbitraries.of(ChoiceKind.GIVEN, ChoiceKind.WITHDRAWN, ChoiceKind.REFUSED, ChoiceKind.EXPIRED, ChoiceKind.RENEWED, ChoiceKind.REQUESTED,
                        ChoiceKind.RENEWAL_NEEDED),
                Arbitraries.of(consentPurposes), Arbitraries.of(Channel.class)).as((kind, purpose, channel) -> event(kind, purpose, channel));
        Arbitrary<ChoiceEvent> objection = Combinators.combine(Arbitraries.of(ChoiceKind.OBJECTED, ChoiceKind.OBJECTION_LIFTED),
                Arbitraries.of(objectable)).as((kind, purpose) -> event(kind, purpose, null));
        Arbitrary<ChoiceEvent> restriction = Arbitraries.of(ChoiceKind.RESTRICTED, ChoiceKind.RESTRICTION_LIFTED, ChoiceKind.OPTED_OUT_OF_SALE,
                        ChoiceKind.LIMITED_SENSITIVE)
                .map(kind -> event(kind, null, null));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, consent), net.jqwik.api.Tuple.of(3, objection), net.jqwik.api.Tuple.of(1, restriction));
    }

    private static ChoiceEvent event(ChoiceKind kind, @Nullable String purpose, @Nullable Channel channel) {
        return new ChoiceEvent(UUID.randomUUID(), SUBJECT, kind, purpose, channel, START, null, null, null, ChoiceSource.API, "STAFF", "tester",
                null, null, false);
    }

    /** The steps in order, as the ledger returns them, each 0, 1 or 2 days after the one before: ties are drawn too. */
    private static List<ChoiceEvent> timed(List<net.jqwik.api.Tuple.Tuple2<ChoiceEvent, Integer>> steps) {
        List<ChoiceEvent> timed = new ArrayList<>(steps.size());
        Instant at = START;
        for (var step : steps) {
            ChoiceEvent e = step.get1();
            at = at.plusSeconds(86_400L * step.get2());
            timed.add(new ChoiceEvent(e.id(), e.subject(), e.kind(), e.purpose(), e.channel(), at, null, null, null,
                    e.source(), e.actorKind(), e.actorId(), null, null, false));
        }
        return timed;
    }
}
