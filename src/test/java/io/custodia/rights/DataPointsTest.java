package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.access.PersonalView;
import io.custodia.people.Jurisdiction;
import io.custodia.people.Person;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of identity verification: what must match, and how details compare (CCPA regs §7062). */
class DataPointsTest {

    private static Person person(Map<String, String> values) {
        SubjectId id = SubjectId.random();
        return new Person(id, null, null, new PersonalView(id, id.value(), RightsRequests.PURPOSE, values, Set.of(), Set.of()), Instant.now(),
                Instant.now());
    }

    private final Person dana = person(Map.of("person.last_name", "Núñez-Ortega", "person.phones", "+1 (415) 555-0134\n+33 6 12 34 56 78",
            "person.postal_code", "94110", "city", "ignored"));

    @Test
    void detailsCompareWithoutCaseAccentsOrPunctuationAndPhonesByTheirLastNineDigits() {
        assertThat(new DataPoints("nunez ortega", "415.555.0134", null, null).matchIn(dana)).isEqualTo(2);
        assertThat(new DataPoints("NUÑEZ-ORTEGA", null, " 94 110 ", null).matchIn(dana)).isEqualTo(2);
        assertThat(new DataPoints(null, "06 12 34 56 78", null, null).matchIn(dana)).isEqualTo(1);
    }

    @Test
    void aWrongDetailIsNeverOutweighedByRightOnesAndADetailWeDoNotHoldCountsForNothing() {
        assertThat(new DataPoints("Nunez Ortega", "415 555 9999", "94110", null).matchIn(dana)).isEqualTo(-1);
        assertThat(new DataPoints("Nunez Ortega", null, null, "San Francisco").matchIn(dana)).isEqualTo(1);
        assertThat(new DataPoints(" ", "", null, null).count()).isZero();
        // a detail no record could hold is given, but malformed: said to the person rather than counted as a wrong try
        DataPoints tooLong = new DataPoints(null, null, null, "x".repeat(201));
        assertThat(tooLong.count()).isEqualTo(1);
        assertThat(tooLong.wellFormed()).isFalse();
        assertThat(new DataPoints("Nunez\u202e", null, null, null).wellFormed()).isFalse();
        assertThat(new DataPoints("Nunez Ortega", "415 555 0134", "94110", "San Francisco").wellFormed()).isTrue();
        assertThat(new DataPoints("Nunez", "415", "94110", "Lyon").toString()).doesNotContain("Nunez").doesNotContain("94110");
    }

    @Test
    void whatARequestNeedsDependsOnWhatItAsksAndThePersonsLaw() {
        assertThat(Verification.required(RequestType.ACCESS, Jurisdiction.US_CA, false)).isEqualTo(Verification.EMAIL_AND_TWO_SIGNED);
        // to know the categories only: two data points, no declaration (CCPA regs §7062(b))
        assertThat(Verification.required(RequestType.ACCESS, Jurisdiction.US_CA, true)).isEqualTo(Verification.EMAIL_AND_ONE);
        assertThat(Verification.required(RequestType.PORTABILITY, Jurisdiction.US_CA, false).declaration()).isTrue();
        assertThat(Verification.required(RequestType.ERASURE, Jurisdiction.US_CA, false).extraPoints()).isEqualTo(1);
        assertThat(Verification.required(RequestType.RECTIFICATION, Jurisdiction.US_CA, false)).isEqualTo(Verification.EMAIL_AND_ONE);
        assertThat(Verification.required(RequestType.ACCESS, Jurisdiction.EU, false)).isEqualTo(Verification.EMAIL);
        assertThat(Verification.required(RequestType.OPT_OUT_OF_SALE, Jurisdiction.US_CA, false)).isEqualTo(Verification.NONE);
        assertThat(Verification.required(RequestType.RESTRICTION, Jurisdiction.US_CA, false)).isEqualTo(Verification.EMAIL);
    }
}
