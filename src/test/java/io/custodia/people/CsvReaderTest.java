package io.custodia.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The import's CSV reader (RFC 4180): what it takes, and what it refuses naming the line. */
class CsvReaderTest {

    @Test
    void readsQuotedFieldsDoubledQuotesLineBreaksAndEitherSeparator() {
        assertThat(CsvReader.parse("\uFEFFfirstName,notes\r\n\"Anne, Marie\",\"said \"\"yes\"\"\nthen left\"\r\n"))
                .containsExactly(List.of("firstName", "notes"), List.of("Anne, Marie", "said \"yes\"\nthen left"));
        assertThat(CsvReader.parse("firstName;lastName\nJean;\"Dupont\"")).containsExactly(List.of("firstName", "lastName"), List.of("Jean", "Dupont"));
        assertThat(CsvReader.parse("a,b\n\n1,\"\"\n")).containsExactly(List.of("a", "b"), List.of("1", ""));
    }

    @Test
    void refusesAQuoteLeftOpenOrTextAfterAClosingQuoteNamingTheLine() {
        assertThatThrownBy(() -> CsvReader.parse("firstName\n\"Anne\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("line 2"));
        for (String broken : List.of("firstName\n\"a\"b\"\n", "firstName\n\"abc\"def\n", "firstName,city\nok,\"Lyon\" x\n")) {
            assertThatThrownBy(() -> CsvReader.parse(broken)).as(broken)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.errors().getFirst().field()).isEqualTo("line 2");
                        assertThat(e.errors().getFirst().code()).isEqualTo("quote");
                    });
        }
    }
}
