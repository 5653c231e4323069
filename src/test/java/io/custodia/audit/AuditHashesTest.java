package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The chain's hash: injective encoding, every field covered, the previous hash covered. */
class AuditHashesTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");

    static StoredEntry entry(long seq, String actorId, String detail, String prevHash) {
        return new StoredEntry(seq, AT, "STAFF", actorId, "READ", "sales", UUID.fromString("7d0c6a1e-1f0a-4c55-9a8e-3b1b0d2c9f11"),
                "ALLOWED", detail, "req-1", prevHash, "");
    }

    /** The same entry with field {@code index} (0-11, hash excluded) changed. */
    static StoredEntry changed(StoredEntry e, int index) {
        return switch (index) {
            case 0 -> new StoredEntry(e.seq() + 1, e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 1 -> new StoredEntry(e.seq(), e.at().plusNanos(1000), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 2 -> new StoredEntry(e.seq(), e.at(), "SYSTEM", e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 3 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId() + "x", e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 4 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), "EXPORT", e.purpose(), e.subjectId(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 5 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), null, e.subjectId(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 6 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), UUID.randomUUID(), e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            case 7 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), "DENIED", e.detail(), e.correlationId(), e.prevHash(), "");
            case 8 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail() + ".", e.correlationId(), e.prevHash(), "");
            case 9 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), null, e.prevHash(), "");
            case 10 -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), null, e.outcome(), e.detail(), e.correlationId(), e.prevHash(), "");
            default -> new StoredEntry(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(), e.outcome(), e.detail(), e.correlationId(), "f".repeat(64), "");
        };
    }

    @Property
    void changingAnySingleFieldChangesTheHash(@ForAll("texts") String actorId, @ForAll("texts") String detail,
            @ForAll @IntRange(min = 1, max = 1_000_000) long seq, @ForAll @IntRange(min = 0, max = 11) int field) {
        StoredEntry entry = entry(seq, actorId.isEmpty() ? "a" : actorId, detail, AuditHashes.GENESIS);
        assertThat(AuditHashes.hash(changed(entry, field))).isNotEqualTo(AuditHashes.hash(entry));
    }

    @Property
    void encodingIsInjectiveOnAdversarialSplits(@ForAll("texts") String left, @ForAll("texts") String right,
            @ForAll @IntRange(min = 0, max = 20) int cut) {
        String joined = left + right;
        int at = Math.min(cut, joined.length());
        String otherLeft = joined.substring(0, at);
        String otherRight = joined.substring(at);
        StoredEntry one = entry(1, "a" + left, right, AuditHashes.GENESIS);
        StoredEntry two = entry(1, "a" + otherLeft, otherRight, AuditHashes.GENESIS);
        boolean same = left.equals(otherLeft);
        assertThat(Arrays.equals(AuditHashes.canonical(one), AuditHashes.canonical(two))).isEqualTo(same);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab\u0000\u0001é|:,").ofMaxLength(12);
    }

    @Test
    void nullDiffersFromEmpty() {
        StoredEntry withNull = new StoredEntry(1, AT, "STAFF", "a", "READ", null, null, "ALLOWED", "", null, AuditHashes.GENESIS, "");
        StoredEntry withEmpty = new StoredEntry(1, AT, "STAFF", "a", "READ", "", null, "ALLOWED", "", null, AuditHashes.GENESIS, "");
        StoredEntry correlationEmpty = new StoredEntry(1, AT, "STAFF", "a", "READ", null, null, "ALLOWED", "", "", AuditHashes.GENESIS, "");
        assertThat(AuditHashes.hash(withNull)).isNotEqualTo(AuditHashes.hash(withEmpty)).isNotEqualTo(AuditHashes.hash(correlationEmpty));
    }

    @Test
    void hashIsHexSha256OfTheCanonicalEncodingAndThePreviousHash() throws Exception {
        StoredEntry e = entry(7, "u1", "fields=emails,phones", "ab".repeat(32));
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(AuditHashes.canonical(e));
        sha.update(e.prevHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(AuditHashes.hash(e)).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest())).hasSize(64);
    }

    @Test
    void eventArgumentsAreCheckedWithTheirNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditEvent.of("STAFF", "a", AuditAction.READ, AuditOutcome.ALLOWED)
                .withDetail("x".repeat(2001))).hasMessageContaining("detail");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditEvent.of("STAFF", " ", AuditAction.READ, AuditOutcome.ALLOWED))
                .hasMessageContaining("actorId");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditEvent.of("STAFF", "a", AuditAction.READ, AuditOutcome.ALLOWED)
                .withPurpose("p".repeat(41))).hasMessageContaining("purpose");
    }
}
