package io.custodia.crypto;

import com.google.crypto.tink.Aead;
import io.custodia.shared.SubjectId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collection;
import org.springframework.stereotype.Service;

/**
 * Field encryption under per-subject data keys. Only the {@code access} gateway may use this class
 * (ArchitectureTests); everything else reads personal data through the gateway.
 */
@Service
public class SubjectCrypto {

    private final DataKeys keys;

    SubjectCrypto(DataKeys keys) {
        this.keys = keys;
    }

    /** Creates data keys for new subjects, in the caller's transaction. */
    public void createKeys(Collection<SubjectId> subjects) {
        keys.create(subjects);
    }

    /**
     * The SQL join that brings each row's wrapped data key along with the row, so a read of subjects whose
     * keys are not in memory costs one query instead of two. Select {@link #WRAPPED_KEY_COLUMN} and hand
     * the value to {@link #offerWrappedKey}. The key table stays this module's: callers only read through
     * this join.
     *
     * @param subjectColumn the qualified subject-id column of the caller's table, e.g. {@code p.subject_id}
     */
    public static String wrappedKeyJoin(String subjectColumn) {
        return " LEFT JOIN subject_key sk ON sk.subject_id = " + subjectColumn;
    }

    /** The column {@link #wrappedKeyJoin} adds: null when the subject's key was destroyed. */
    public static final String WRAPPED_KEY_COLUMN = "sk.wrapped_key";

    /**
     * Takes a wrapped key read through {@link #wrappedKeyJoin}: unwraps and remembers it unless already in
     * memory. Returns false when there is no key (the subject was erased).
     */
    public boolean offerWrappedKey(SubjectId subject, byte @org.jspecify.annotations.Nullable [] wrapped) {
        return keys.offer(subject, wrapped);
    }

    public boolean hasKey(SubjectId subject) {
        return keys.find(subject).isPresent();
    }

    /**
     * Encrypts one field value with AES-256-GCM under the subject's key.
     *
     * @throws SubjectKeyMissingException when the subject has no key (erased or never created)
     */
    public byte[] encrypt(SubjectId subject, CipherContext where, String plaintext) {
        Aead aead = keys.find(subject).orElseThrow(() -> new SubjectKeyMissingException(subject));
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), where.associatedData(subject.value()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed for " + where.table() + "." + where.column(), e);
        }
    }

    /**
     * Decrypts one field value.
     *
     * @throws SubjectKeyMissingException when the subject's key has been destroyed
     * @throws TamperedCiphertextException when the ciphertext was altered or moved to another row or column
     */
    public String decrypt(SubjectId subject, CipherContext where, byte[] ciphertext) {
        Aead aead = keys.find(subject).orElseThrow(() -> new SubjectKeyMissingException(subject));
        try {
            return new String(aead.decrypt(ciphertext, where.associatedData(subject.value())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // the key in memory may be stale: an erasure that kept part of the record gave the person a new key while
            // this read's snapshot still held the old one (or the reverse); the stored key decides, once
            keys.evict(java.util.List.of(subject));
            Aead stored = keys.find(subject).orElseThrow(() -> new SubjectKeyMissingException(subject));
            try {
                return new String(stored.decrypt(ciphertext, where.associatedData(subject.value())), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException again) {
                throw new TamperedCiphertextException(subject, where);
            }
        }
    }

    /** Destroys the subject's data key (crypto-shredding, invariant 6). Returns false if it had none. */
    public boolean shred(SubjectId subject) {
        return keys.shred(subject);
    }

    /** Drops cached keys of subjects whose creation was rolled back. */
    public void forgetCached(Collection<SubjectId> subjects) {
        keys.evict(subjects);
    }
}
