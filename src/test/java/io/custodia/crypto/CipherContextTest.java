package io.custodia.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CipherContextTest {

    /** The associated data as first defined: every ciphertext already stored was sealed with exactly these bytes. */
    private static byte[] asFirstDefined(CipherContext where, UUID subject) {
        return ("custodia:v1|" + where.table() + "|" + where.column() + "|" + subject + "|" + where.record()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void associatedDataIsTheSameBytesAsTheTextItStandsFor() {
        SplittableRandom random = new SplittableRandom(7);
        String[][] places = {{"person_data", "first_name"}, {"interaction_data", "summary"}, {"table_é", "colonne_ü"}, {"", ""}};
        for (int i = 0; i < 2_000; i++) {
            UUID subject = new UUID(random.nextLong(), random.nextLong());
            UUID record = i % 3 == 0 ? subject : new UUID(random.nextLong(), random.nextLong());
            String[] place = places[i % places.length];
            CipherContext where = new CipherContext(place[0], place[1], record);
            assertThat(where.associatedData(subject)).isEqualTo(asFirstDefined(where, subject));
        }
        UUID zero = new UUID(0, 0), ones = new UUID(-1, -1);
        CipherContext edge = new CipherContext("t", "c", ones);
        assertThat(edge.associatedData(zero)).isEqualTo(asFirstDefined(edge, zero));
        String longName = "x".repeat(300);
        CipherContext uncached = new CipherContext(longName, longName, zero);
        assertThat(uncached.associatedData(ones)).isEqualTo(asFirstDefined(uncached, ones));
    }

    @Test
    void anotherColumnOrRecordGivesOtherBytes() {
        UUID subject = UUID.randomUUID(), record = UUID.randomUUID();
        byte[] first = new CipherContext("person_data", "first_name", record).associatedData(subject);
        assertThat(new CipherContext("person_data", "last_name", record).associatedData(subject)).isNotEqualTo(first);
        assertThat(new CipherContext("person_data", "first_name", UUID.randomUUID()).associatedData(subject)).isNotEqualTo(first);
        assertThat(new CipherContext("person_data", "first_name", record).associatedData(UUID.randomUUID())).isNotEqualTo(first);
    }
}
