package io.custodia.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.shared.SubjectId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Invariant 1 and 6 at the cipher: ciphertexts are bound to their place, and shredding a key is final. */
abstract class SubjectCryptoTests {

    @Autowired
    SubjectCrypto crypto;
    @Autowired
    BlindIndex blindIndex;
    @Autowired
    DataKeys dataKeys;
    @Autowired
    JdbcClient jdbc;

    @Test
    void ciphertextMovedToAnotherRowColumnOrSubjectFailsToDecrypt() {
        SubjectId alice = SubjectId.random();
        SubjectId bob = SubjectId.random();
        crypto.createKeys(List.of(alice, bob));
        CipherContext email = new CipherContext("person_data", "emails", alice.value());
        byte[] ciphertext = crypto.encrypt(alice, email, "alice@example.fr");

        assertThat(crypto.decrypt(alice, email, ciphertext)).isEqualTo("alice@example.fr");
        assertThatThrownBy(() -> crypto.decrypt(alice, new CipherContext("person_data", "phones", alice.value()), ciphertext))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> crypto.decrypt(alice, new CipherContext("interaction_data", "emails", alice.value()), ciphertext))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> crypto.decrypt(alice, new CipherContext("person_data", "emails", UUID.randomUUID()), ciphertext))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> crypto.decrypt(bob, new CipherContext("person_data", "emails", bob.value()), ciphertext))
                .isInstanceOf(TamperedCiphertextException.class);
        byte[] altered = ciphertext.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> crypto.decrypt(alice, email, altered)).isInstanceOf(TamperedCiphertextException.class);
    }

    /**
     * An erasure that keeps part of a record gives the person a new key; a reader whose snapshot still showed the
     * old wrapped key may put it back in memory after the erasure forgot it. Its next decryption must not fail
     * for good: the stored key decides.
     */
    @Test
    void aStaleKeyInMemoryAfterARekeyingIsReplacedByTheStoredOne() {
        SubjectId subject = SubjectId.random();
        crypto.createKeys(List.of(subject));
        byte[] oldWrapped = jdbc.sql("SELECT wrapped_key FROM subject_key WHERE subject_id = ?").param(subject.value()).query(byte[].class).single();
        CipherContext where = new CipherContext("person_data", "last_name", subject.value());
        byte[] old = crypto.encrypt(subject, where, "Avant");

        // re-keyed: the old key destroyed, a new one created, the kept value sealed again under it
        crypto.shred(subject);
        crypto.createKeys(List.of(subject));
        byte[] kept = crypto.encrypt(subject, where, "Gardé");
        // a racing reader offers the old wrapped key it read before the erasure committed
        crypto.forgetCached(List.of(subject));
        assertThat(crypto.offerWrappedKey(subject, oldWrapped)).isTrue();

        assertThat(crypto.decrypt(subject, where, kept)).isEqualTo("Gardé");
        // and the old ciphertext stays unreadable: the stored key is the new one
        assertThatThrownBy(() -> crypto.decrypt(subject, where, old)).isInstanceOf(TamperedCiphertextException.class);
    }

    @Test
    void shreddedKeyMakesEveryCiphertextUnreadableEvenAfterACacheMiss() {
        SubjectId subject = SubjectId.random();
        crypto.createKeys(List.of(subject));
        CipherContext where = new CipherContext("person_data", "first_name", subject.value());
        byte[] ciphertext = crypto.encrypt(subject, where, "Zoé");
        byte[] wrapped = jdbc.sql("SELECT wrapped_key FROM subject_key WHERE subject_id = ?").param(subject.value()).query(byte[].class).single();
        assertThat(new String(wrapped, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Zoé");

        assertThat(crypto.shred(subject)).isTrue();
        assertThat(crypto.hasKey(subject)).isFalse();
        assertThatThrownBy(() -> crypto.decrypt(subject, where, ciphertext)).isInstanceOf(SubjectKeyMissingException.class);
        assertThatThrownBy(() -> crypto.encrypt(subject, where, "again")).isInstanceOf(SubjectKeyMissingException.class);
        assertThat(crypto.shred(subject)).isFalse();
    }

    @Test
    void wrappedKeyCopiedToAnotherSubjectDoesNotUnwrap() {
        SubjectId alice = SubjectId.random();
        SubjectId mallory = SubjectId.random();
        crypto.createKeys(List.of(alice));
        byte[] wrapped = jdbc.sql("SELECT wrapped_key FROM subject_key WHERE subject_id = ?").param(alice.value()).query(byte[].class).single();
        jdbc.sql("INSERT INTO subject_key (subject_id, wrapped_key, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)")
                .params(mallory.value(), wrapped).update();
        assertThatThrownBy(() -> crypto.hasKey(mallory)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be unwrapped");
    }

    @Test
    void blindIndexIsKeyedDeterministicAndSeparatedByDomain() {
        String a = blindIndex.digest("email", "alice@example.fr");
        assertThat(blindIndex.digest("email", "alice@example.fr")).isEqualTo(a);
        assertThat(blindIndex.digest("phone", "alice@example.fr")).isNotEqualTo(a);
        assertThat(a).hasSize(32).doesNotContain("alice");
        // not a plain hash: an attacker without the key cannot recompute it
        assertThat(a).isNotEqualTo(sha256Prefix("email:alice@example.fr"));
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
