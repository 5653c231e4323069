package io.custodia.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.people.PersonField;
import io.custodia.people.PersonInput;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonGeneratorTest {

    @Test
    void theSameSeedGivesTheSamePersons() {
        List<PersonInput> first = PersonGenerator.forBenchmark(7).next(50);
        List<PersonInput> second = PersonGenerator.forBenchmark(7).next(50);
        List<PersonInput> other = PersonGenerator.forBenchmark(8).next(50);

        assertThat(first).extracting(PersonInput::fieldValues).isEqualTo(second.stream().map(PersonInput::fieldValues).toList());
        assertThat(first).extracting(PersonInput::fieldValues).isNotEqualTo(other.stream().map(PersonInput::fieldValues).toList());
    }

    @Test
    void benchmarkEmailsAreUniqueWithoutBeingRemembered() {
        Set<String> emails = new HashSet<>();
        for (PersonInput person : PersonGenerator.forBenchmark(1).next(20_000)) {
            assertThat(emails.add(value(person, PersonField.EMAILS))).isTrue();
        }
    }

    @Test
    void demoEmailsAreUniqueAndDeriveFromTheName() {
        PersonGenerator generator = PersonGenerator.forDemo(3);
        Set<String> emails = new HashSet<>();
        var employer = new PersonGenerator.Employer(java.util.UUID.randomUUID(), "dupont-martin.fr", Market.FR);
        for (int i = 0; i < 2_000; i++) {
            PersonInput person = generator.next(employer);
            String email = person.values().get(PersonField.EMAILS).get(0);
            assertThat(emails.add(email)).as(email).isTrue();
            assertThat(email).endsWith("@dupont-martin.fr");
            String lastName = Slugs.of(value(person, PersonField.LAST_NAME), "-");
            String firstName = Slugs.of(value(person, PersonField.FIRST_NAME), "-");
            assertThat(email).satisfiesAnyOf(e -> assertThat(e).contains(lastName), e -> assertThat(e).startsWith(firstName));
        }
    }

    @Test
    void jurisdictionFollowsTheCountryAndCaliforniaGetsCcpa() {
        Set<String> seen = new HashSet<>();
        for (PersonInput person : PersonGenerator.forBenchmark(11).next(2_000)) {
            String country = value(person, PersonField.COUNTRY);
            String jurisdiction = value(person, PersonField.JURISDICTION);
            String postalCode = value(person, PersonField.POSTAL_CODE);
            seen.add(jurisdiction);
            switch (jurisdiction) {
                case "EU" -> assertThat(country).isEqualTo("FR");
                case "US_CA" -> assertThat(country).isEqualTo("US");
                default -> assertThat(country).isEqualTo("US");
            }
            if (jurisdiction.equals("US_CA")) assertThat(postalCode).matches("9[0-6]\\d{3}");
            assertThat(value(person, PersonField.LANGUAGE)).isEqualTo(country.equals("FR") ? "fr" : "en");
        }
        assertThat(seen).containsExactlyInAnyOrder("EU", "US_CA", "OTHER");
    }

    private static String value(PersonInput person, PersonField field) {
        return person.values().get(field).get(0);
    }
}
