package io.custodia.identity.totp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class Base32PropertyTest {

    @Property
    void decodingAnEncodingGivesBackTheBytes(@ForAll @Size(max = 100) byte[] bytes) {
        assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        assertThat(Base32.decode(Base32.encodeUnpadded(bytes))).isEqualTo(bytes);
    }

    @Property
    void decodingIgnoresCaseAndSpaces(@ForAll @Size(max = 100) byte[] bytes) {
        String relaxed = Base32.encodeUnpadded(bytes).toLowerCase().replaceAll("(.{4})", "$1 ");
        assertThat(Base32.decode(relaxed)).isEqualTo(bytes);
    }

    @Property
    void encodingIsPaddedToWholeGroupsOfEightFromTheAlphabet(@ForAll @Size(max = 100) byte[] bytes) {
        String encoded = Base32.encode(bytes);
        assertThat(encoded.length() % 8).isZero();
        assertThat(encoded).matches("[A-Z2-7]*=*");
        assertThat(encoded.replace("=", "")).hasSize((bytes.length * 8 + 4) / 5);
    }
}
