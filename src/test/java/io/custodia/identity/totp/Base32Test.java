package io.custodia.identity.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

    /** RFC 4648 section 10 test vectors. */
    @ParameterizedTest(name = "BASE32(\"{0}\") = \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''      | ''
            f       | MY======
            fo      | MZXQ====
            foo     | MZXW6===
            foob    | MZXW6YQ=
            fooba   | MZXW6YTB
            foobar  | MZXW6YTBOI======
            """)
    void encodesAndDecodesTheRfc4648Vectors(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(US_ASCII))).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(plain.getBytes(US_ASCII));
        assertThat(Base32.encodeUnpadded(plain.getBytes(US_ASCII))).isEqualTo(encoded.replace("=", ""));
    }

    @Test
    void decodesLowercaseSpacesAndMissingPadding() {
        byte[] foobar = "foobar".getBytes(US_ASCII);
        assertThat(Base32.decode("mzxw6ytboi")).isEqualTo(foobar);
        assertThat(Base32.decode("MZXW 6YTB OI")).isEqualTo(foobar);
        assertThat(Base32.decode(" mzXW6ytBOI====== ")).isEqualTo(foobar);
    }

    @Test
    void decodesTheRfc6238Seed() {
        assertThat(Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
                .isEqualTo("12345678901234567890".getBytes(US_ASCII));
    }

    @ParameterizedTest
    @CsvSource({"MZXW1YTB, 4", "MZ0W6YTB, 2", "MZXW6YT8, 7", "MZXW é6YTB, 5", "MZ=W6YTB, 3", "'MZXW 6!TB', 6"})
    void refusesCharactersOutsideTheAlphabetNamingOnlyTheirPosition(String text, int position) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid base32 character at position " + position);
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBO", "M======="})
    void refusesLengthsNoByteCountProduces(String text) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid base32 length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW6YQ==", "MZXW6===Q", "MY=====", "========", "MZXW6YTB========"})
    void refusesWrongPadding(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNonZeroPadBitsSoThatEveryByteStringHasOneEncoding() {
        // "MY" is "f"; "MZ" sets a pad bit and would decode to "f" as well (RFC 4648 section 3.5).
        assertThatThrownBy(() -> Base32.decode("MZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid base32: non-zero pad bits in the character at position 1");
    }

    @Test
    void messagesNeverRepeatTheInput() {
        String secretLike = "JBSWY3DPEHPK3PX!";
        assertThatThrownBy(() -> Base32.decode(secretLike))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("JBSWY3DP")
                .doesNotContain("!");
    }

    @Test
    void refusesNullArgumentsNamingThem() {
        assertThatThrownBy(() -> Base32.decode(null)).hasMessageContaining("text");
        assertThatThrownBy(() -> Base32.encode(null)).hasMessageContaining("data");
    }
}
