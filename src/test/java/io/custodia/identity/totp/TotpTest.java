package io.custodia.identity.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.identity.totp.Totp.Algorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {

    private static final byte[] SEED = "12345678901234567890".getBytes(US_ASCII);
    private static final Totp TOTP = Totp.sha1Default();
    /** 2009-02-13T23:31:30Z, step 41152263 of 30 seconds. */
    private static final Instant NOW = Instant.ofEpochSecond(1234567890);
    private static final long NOW_STEP = 41152263;

    /**
     * RFC 6238 Appendix B, all 18 rows. The seed is the ASCII string "12345678901234567890" repeated to the length the
     * RFC's reference implementation uses for each HMAC: 20 bytes for SHA1, 32 for SHA256, 64 for SHA512.
     */
    @ParameterizedTest(name = "{1} at {0} s = {2}")
    @CsvSource(delimiter = '|', textBlock = """
                     59 | SHA1   | 94287082
                     59 | SHA256 | 46119246
                     59 | SHA512 | 90693936
             1111111109 | SHA1   | 07081804
             1111111109 | SHA256 | 68084774
             1111111109 | SHA512 | 25091201
             1111111111 | SHA1   | 14050471
             1111111111 | SHA256 | 67062674
             1111111111 | SHA512 | 99943326
             1234567890 | SHA1   | 89005924
             1234567890 | SHA256 | 91819424
             1234567890 | SHA512 | 93441116
             2000000000 | SHA1   | 69279037
             2000000000 | SHA256 | 90698825
             2000000000 | SHA512 | 38618901
            20000000000 | SHA1   | 65353130
            20000000000 | SHA256 | 77737706
            20000000000 | SHA512 | 47863826
            """)
    void matchesTheRfc6238TestVectors(long epochSecond, Algorithm algorithm, String expected) {
        Totp totp = new Totp(algorithm, 8, Duration.ofSeconds(30));
        byte[] seed = rfcSeed(algorithm);
        Instant at = Instant.ofEpochSecond(epochSecond);

        assertThat(totp.code(seed, at)).isEqualTo(expected);
        assertThat(totp.verify(seed, expected, at, 0, Totp.NEVER_USED)).hasValue(totp.step(at));
    }

    private static byte[] rfcSeed(Algorithm algorithm) {
        int length = switch (algorithm) {
            case SHA1 -> 20;
            case SHA256 -> 32;
            case SHA512 -> 64;
        };
        return "1234567890".repeat(7).substring(0, length).getBytes(US_ASCII);
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsOfTheEightDigitOnes() {
        // RFC 4226 section 5.3: the code is the truncated value modulo 10^digits.
        assertThat(TOTP.code(SEED, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(TOTP.code(SEED, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(TOTP.code(SEED, NOW)).isEqualTo("005924");
    }

    @Test
    void theStepCountsWholePeriodsSinceTheEpoch() {
        assertThat(TOTP.step(Instant.ofEpochSecond(0))).isZero();
        assertThat(TOTP.step(Instant.ofEpochSecond(29, 999_999_999))).isZero();
        assertThat(TOTP.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(TOTP.step(NOW)).isEqualTo(NOW_STEP);
        assertThat(new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(60)).step(NOW)).isEqualTo(NOW_STEP / 2);
    }

    @Test
    void acceptsCodesOfStepsWithinTheWindow() {
        for (int offset = -2; offset <= 2; offset++) {
            String code = codeAt(NOW_STEP + offset);
            assertThat(TOTP.verify(SEED, code, NOW, 2, Totp.NEVER_USED))
                    .as("offset %d", offset)
                    .hasValue(NOW_STEP + offset);
        }
    }

    @Test
    void refusesCodesOfStepsOutsideTheWindow() {
        assertThat(TOTP.verify(SEED, codeAt(NOW_STEP - 2), NOW, 1, Totp.NEVER_USED)).isEmpty();
        assertThat(TOTP.verify(SEED, codeAt(NOW_STEP + 2), NOW, 1, Totp.NEVER_USED)).isEmpty();
        assertThat(TOTP.verify(SEED, codeAt(NOW_STEP - 1), NOW, 0, Totp.NEVER_USED)).isEmpty();
        assertThat(TOTP.verify(SEED, codeAt(NOW_STEP), NOW, 0, Totp.NEVER_USED)).hasValue(NOW_STEP);
    }

    @Test
    void refusesACodeFromAnotherSecret() {
        byte[] other = "09876543210987654321".getBytes(US_ASCII);
        String code = TOTP.code(other, NOW);
        assertThat(TOTP.code(SEED, NOW)).isNotEqualTo(code);
        assertThat(TOTP.verify(SEED, code, NOW, 1, Totp.NEVER_USED)).isEmpty();
    }

    @Test
    void acceptsACodeOnlyOnce() {
        String code = TOTP.code(SEED, NOW);
        OptionalLong first = TOTP.verify(SEED, code, NOW, 1, Totp.NEVER_USED);
        assertThat(first).hasValue(NOW_STEP);

        long lastUsed = first.getAsLong();
        assertThat(TOTP.verify(SEED, code, NOW, 1, lastUsed)).isEmpty();
        assertThat(TOTP.verify(SEED, code, NOW.plusSeconds(25), 1, lastUsed)).isEmpty();
    }

    @Test
    void refusesCodesOfStepsAtOrBeforeTheLastUsedOneEvenInsideTheWindow() {
        long lastUsed = NOW_STEP;
        assertThat(TOTP.verify(SEED, codeAt(NOW_STEP - 1), NOW, 1, lastUsed)).isEmpty();
        assertThat(TOTP.verify(SEED, codeAt(NOW_STEP + 1), NOW, 1, lastUsed)).hasValue(NOW_STEP + 1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"00592", "0059244", "00592a", " 005924", "005924 ", "005 924", "-05924", "+05924",
            "٠٠٥٩٢٤", "００５９２４", "89005924"})
    void refusesMalformedCodesWithoutThrowing(String code) {
        // The real code at NOW is 005924; every variant above is one a user could type or paste.
        assertThat(TOTP.verify(SEED, code, NOW, 1, Totp.NEVER_USED)).isEmpty();
    }

    @Test
    void eightDigitConfigurationsRefuseSixDigitCodes() {
        Totp eight = new Totp(Algorithm.SHA1, 8, Duration.ofSeconds(30));
        assertThat(eight.verify(SEED, "005924", NOW, 1, Totp.NEVER_USED)).isEmpty();
        assertThat(eight.verify(SEED, "89005924", NOW, 1, Totp.NEVER_USED)).hasValue(NOW_STEP);
    }

    @Test
    void theWindowDoesNotReachStepsBeforeTheEpoch() {
        Instant start = Instant.ofEpochSecond(10);
        assertThat(TOTP.verify(SEED, TOTP.code(SEED, start), start, 3, Totp.NEVER_USED)).hasValue(0);
    }

    @Test
    void checksItsArgumentsNamingThem() {
        assertThatThrownBy(() -> new Totp(null, 6, Duration.ofSeconds(30))).hasMessageContaining("algorithm");
        assertThatThrownBy(() -> new Totp(Algorithm.SHA1, 5, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits");
        assertThatThrownBy(() -> new Totp(Algorithm.SHA1, 9, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits");
        assertThatThrownBy(() -> new Totp(Algorithm.SHA1, 6, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> new Totp(Algorithm.SHA1, 6, Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> TOTP.code(null, NOW)).hasMessageContaining("secret");
        assertThatThrownBy(() -> TOTP.code(new byte[0], NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> TOTP.code(SEED, null)).hasMessageContaining("at");
        assertThatThrownBy(() -> TOTP.code(SEED, Instant.ofEpochSecond(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at");
        assertThatThrownBy(() -> TOTP.verify(SEED, "005924", NOW, -1, Totp.NEVER_USED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowSteps");
        assertThatThrownBy(() -> TOTP.verify(SEED, "005924", NOW, Totp.MAX_WINDOW_STEPS + 1, Totp.NEVER_USED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowSteps");
    }

    @Test
    void describesItselfWithoutSecrets() {
        assertThat(TOTP).hasToString("Totp[SHA1, 6 digits, 30 s]");
        assertThat(TOTP.algorithm()).isEqualTo(Algorithm.SHA1);
        assertThat(TOTP.digits()).isEqualTo(6);
        assertThat(TOTP.period()).isEqualTo(Duration.ofSeconds(30));
    }

    private static String codeAt(long step) {
        return TOTP.code(SEED, Instant.ofEpochSecond(step * 30));
    }
}
