package io.custodia.identity.totp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.identity.totp.Totp.Algorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TotpSecretTest {

    private static final byte[] SEED = "12345678901234567890".getBytes(US_ASCII);
    private static final String SEED_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void generatesTwentyBytesFromTheGivenRandom() {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 7);
            }
        };
        TotpSecret secret = TotpSecret.generate(fixed);
        byte[] expected = new byte[20];
        Arrays.fill(expected, (byte) 7);
        assertThat(secret.bytes()).isEqualTo(expected);
    }

    @Test
    void generatesDifferentSecretsFromARealRandom() {
        SecureRandom random = new SecureRandom();
        TotpSecret first = TotpSecret.generate(random);
        TotpSecret second = TotpSecret.generate(random);
        assertThat(first.bytes()).hasSize(TotpSecret.GENERATED_BYTES);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void copiesTheArrayOnTheWayInAndOut() {
        byte[] bytes = SEED.clone();
        TotpSecret secret = new TotpSecret(bytes);
        bytes[0] = 0;
        assertThat(secret.bytes()).isEqualTo(SEED);

        secret.bytes()[1] = 0;
        assertThat(secret.bytes()).isEqualTo(SEED);
    }

    @Test
    void encodesAsUnpaddedBase32AndReadsItBack() {
        TotpSecret secret = new TotpSecret(SEED);
        assertThat(secret.base32()).isEqualTo(SEED_BASE32);
        assertThat(TotpSecret.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(secret);

        // 16 bytes do not fill whole base32 groups: the padding is left out, as the Key Uri Format asks.
        assertThat(new TotpSecret(new byte[16]).base32()).isEqualTo("A".repeat(26));
    }

    @Test
    void buildsTheOtpauthUriWithTheDefaults() {
        TotpSecret secret = new TotpSecret(SEED);
        assertThat(secret.otpauthUri("Custodia", "alice"))
                .isEqualTo("otpauth://totp/Custodia:alice?secret=" + SEED_BASE32
                        + "&issuer=Custodia&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void percentEncodesIssuerAndAccountAsRfc3986Asks() {
        TotpSecret secret = new TotpSecret(SEED);
        assertThat(secret.otpauthUri("ACME Co & Fils", "élodie.martin+crm@example.fr"))
                .isEqualTo("otpauth://totp/ACME%20Co%20%26%20Fils:%C3%A9lodie.martin%2Bcrm%40example.fr?secret="
                        + SEED_BASE32 + "&issuer=ACME%20Co%20%26%20Fils&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void announcesTheParametersOfTheGivenTotp() {
        TotpSecret secret = new TotpSecret(SEED);
        Totp totp = new Totp(Algorithm.SHA256, 8, Duration.ofSeconds(60));
        assertThat(secret.otpauthUri("Custodia", "bob", totp))
                .endsWith("&issuer=Custodia&algorithm=SHA256&digits=8&period=60");
    }

    @Test
    void worksWithTotp() {
        TotpSecret secret = TotpSecret.fromBase32(SEED_BASE32);
        assertThat(Totp.sha1Default().code(secret.bytes(), Instant.ofEpochSecond(59))).isEqualTo("287082");
    }

    @Test
    void refusesLabelPartsWithAColonOrBlank() {
        TotpSecret secret = new TotpSecret(SEED);
        assertThatThrownBy(() -> secret.otpauthUri("Cust:odia", "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> secret.otpauthUri("Custodia", "alice:admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountName");
        assertThatThrownBy(() -> secret.otpauthUri(" ", "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> secret.otpauthUri("Custodia", null)).hasMessageContaining("accountName");
    }

    @Test
    void refusesSecretsShorterThan128Bits() {
        assertThatThrownBy(() -> new TotpSecret(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
        assertThatThrownBy(() -> new TotpSecret(null)).hasMessageContaining("bytes");
        assertThatThrownBy(() -> TotpSecret.generate(null)).hasMessageContaining("random");
    }

    @Test
    void neverShowsTheSecret() {
        TotpSecret secret = new TotpSecret(SEED);
        assertThat(secret.toString()).isEqualTo("TotpSecret[redacted]").doesNotContain(SEED_BASE32);
    }

    @Test
    void equalityFollowsTheBytes() {
        assertThat(new TotpSecret(SEED)).isEqualTo(new TotpSecret(SEED.clone()))
                .hasSameHashCodeAs(new TotpSecret(SEED.clone()))
                .isNotEqualTo(new TotpSecret(new byte[20]));
    }
}
