package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.jspecify.annotations.Nullable;

/**
 * The verifier hashes PostgreSQL's rows straight from their COPY bytes: it must agree with the chain's own
 * hash of the decoded entry for every entry, any text (accents, emoji, empty, absent), any subject and any
 * time, and a row whose stored hash is off by one digit must not recompute either way.
 */
class CopyRowHasherPropertiesTest {

    @Property(tries = 500)
    void hashingTheCopyBytesAgreesWithHashingTheEntry(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seq,
            @ForAll("micros") long micros, @ForAll("text") String actorId, @ForAll("text") String detail, @ForAll("maybe") @Nullable String purpose,
            @ForAll("maybe") @Nullable String correlation, @ForAll boolean withSubject, @ForAll("text") String action) {
        Instant at = Instant.ofEpochSecond(946_684_800L + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        UUID subject = withSubject ? UUID.nameUUIDFromBytes(detail.getBytes(StandardCharsets.UTF_8)) : null;
        String prev = AuditHashes.hash(new StoredEntry(seq, at, "SYSTEM", "x", "READ", null, null, "ALLOWED", "", null, AuditHashes.GENESIS, ""));
        StoredEntry unsigned = new StoredEntry(seq, at, "STAFF", actorId, action, purpose, subject, "ALLOWED", detail, correlation, prev, "");
        String hash = AuditHashes.hash(unsigned);
        StoredEntry entry = new StoredEntry(seq, at, "STAFF", actorId, action, purpose, subject, "ALLOWED", detail, correlation, prev, hash);
        assertThat(AuditHashes.recomputes(entry)).isTrue();
        assertThat(recomputesFromCopyBytes(entry, micros)).isTrue();

        char last = hash.charAt(63);
        String off = hash.substring(0, 63) + (last == '0' ? '1' : '0');
        StoredEntry tampered = new StoredEntry(seq, at, "STAFF", actorId, action, purpose, subject, "ALLOWED", detail, correlation, prev, off);
        assertThat(AuditHashes.recomputes(tampered)).isFalse();
        assertThat(recomputesFromCopyBytes(tampered, micros)).isFalse();
        StoredEntry otherDetail = new StoredEntry(seq, at, "STAFF", actorId, action, purpose, subject, "ALLOWED", detail + "x", correlation, prev, hash);
        assertThat(recomputesFromCopyBytes(otherDetail, micros)).isFalse();
    }

    @Provide
    Arbitrary<Long> micros() {
        // the chain encodes times as epoch nanoseconds: 1677 to 2262 (a row beyond is reported, never hashed)
        return Arbitraries.oneOf(Arbitraries.longs().between(-10_000_000_000_000_000L, 8_200_000_000_000_000L),
                Arbitraries.longs().between(0, 2_000_000_000_000_000L));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(40),
                Arbitraries.of("é", "Ω", "😀", "fields=person.emails,person.first_name"));
    }

    @Provide
    Arbitrary<String> maybe() {
        return text().injectNull(0.3);
    }

    /** Writes the entry as PostgreSQL's binary COPY writes its row, after some bytes of a previous row, and hashes that. */
    private static boolean recomputesFromCopyBytes(StoredEntry e, long micros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {9, 9, 9});
        int start = out.size();
        int[] fields = new int[AuditHashes.CopyRowHasher.FIELDS];
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) fields.length).array());
        int f = 0;
        fields[f++] = out.size() - start;
        out.writeBytes(ByteBuffer.allocate(12).putInt(8).putLong(e.seq()).array());
        fields[f++] = out.size() - start;
        out.writeBytes(ByteBuffer.allocate(12).putInt(8).putLong(micros).array());
        for (String text : new String[] {e.actorKind(), e.actorId(), e.action(), e.purpose()}) {
            fields[f++] = out.size() - start;
            text(out, text);
        }
        fields[f++] = out.size() - start;
        if (e.subjectId() == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
        } else {
            out.writeBytes(ByteBuffer.allocate(20).putInt(16).putLong(e.subjectId().getMostSignificantBits())
                    .putLong(e.subjectId().getLeastSignificantBits()).array());
        }
        for (String text : new String[] {e.outcome(), e.detail(), e.correlationId(), e.prevHash(), e.hash()}) {
            fields[f++] = out.size() - start;
            text(out, text);
        }
        byte[] bytes = out.toByteArray();
        long nanos;
        try {
            nanos = Math.addExact(Math.multiplyExact(e.at().getEpochSecond(), 1_000_000_000L), e.at().getNano());
        } catch (ArithmeticException unencodable) {
            return false;
        }
        return new AuditHashes.CopyRowHasher().recomputes(bytes, start, fields, e.seq(), nanos);
    }

    /** Writes a text field as COPY's binary format does: its length (-1 for null), then its UTF-8 bytes. */
    static void text(ByteArrayOutputStream out, @Nullable String text) {
        if (text == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
        out.writeBytes(utf8);
    }
}
