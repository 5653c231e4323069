package io.custodia.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import io.custodia.shared.SubjectId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One AES-256-GCM data key per subject, stored wrapped by the master key (envelope encryption).
 * Unwrapped keys live in a bounded cache; destroying a subject's key ({@link #shred}) makes every
 * ciphertext of that subject unreadable, in backups too (invariant 6).
 */
@Component
class DataKeys {

    /** Size of the recently-used tier: a batch or a page of up to this many subjects is served from memory. */
    static final int RECENT = 4_096;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final RootKey master;
    private final Clock clock;
    private final Cache<SubjectId, Aead> cache;
    /**
     * The keys most recently created or loaded, in access order. The cache (W-TinyLFU) keeps keys used
     * often and, once full, turns most newcomers away; an import or a page of cold reads uses each key in
     * one short burst right after creating or loading it, so without this tier nearly every such key
     * was fetched and unwrapped a second time (one extra query per person imported).
     */
    private final Map<SubjectId, Aead> recent = new LinkedHashMap<>(RECENT * 4 / 3, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SubjectId, Aead> eldest) {
            return size() > RECENT;
        }
    };

    DataKeys(JdbcClient jdbc, JdbcTemplate template, RootKey master, Clock clock, CryptoProperties properties) {
        this.jdbc = jdbc;
        this.template = template;
        this.master = master;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumSize(properties.dataKeyCacheSize()).build();
    }

    /** Creates and stores keys for new subjects in one batch (in the caller's transaction). */
    void create(Collection<SubjectId> subjects) {
        List<Object[]> rows = new ArrayList<>(subjects.size());
        Timestamp now = Timestamp.from(clock.instant());
        List<Aead> primitives = new ArrayList<>(subjects.size());
        for (SubjectId subject : subjects) {
            try {
                SecretBytes key = SecretBytes.randomBytes(DATA_KEY.getKeySizeBytes());
                byte[] raw = key.toByteArray(InsecureSecretKeyAccess.get());
                rows.add(new Object[] {subject.value(), master.aead().encrypt(raw, ad(subject)), now});
                java.util.Arrays.fill(raw, (byte) 0);
                primitives.add(aesGcm(key));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create a data key", e);
            }
        }
        template.batchUpdate("INSERT INTO subject_key (subject_id, wrapped_key, created_at) VALUES (?, ?, ?)", rows);
        int i = 0;
        for (SubjectId subject : subjects) {
            remember(subject, primitives.get(i++));
        }
    }

    /** The subject's key, or empty when it has none (never created, or shredded). */
    Optional<Aead> find(SubjectId subject) {
        Aead cached = cache.getIfPresent(subject);
        if (cached == null) {
            synchronized (recent) {
                cached = recent.get(subject);
            }
        }
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Aead> loaded = jdbc.sql("SELECT wrapped_key FROM subject_key WHERE subject_id = ?")
                .param(subject.value()).query(byte[].class).optional().map(wrapped -> unwrap(subject, wrapped));
        loaded.ifPresent(aead -> remember(subject, aead));
        return loaded;
    }

    /** Remembers a key read along with a row (see {@link SubjectCrypto#wrappedKeyJoin}); false when there is none. */
    boolean offer(SubjectId subject, byte @org.jspecify.annotations.Nullable [] wrapped) {
        if (wrapped == null) {
            forget(List.of(subject));
            return false;
        }
        if (!cached(subject)) {
            remember(subject, unwrap(subject, wrapped));
        }
        return true;
    }

    /** Destroys the subject's key: after this no ciphertext of the subject can ever be read. */
    boolean shred(SubjectId subject) {
        forget(List.of(subject));
        return jdbc.sql("DELETE FROM subject_key WHERE subject_id = ?").param(subject.value()).update() > 0;
    }

    /** Forgets unwrapped keys (after a rollback that may have cached keys never committed). */
    void evict(Collection<SubjectId> subjects) {
        forget(subjects);
    }

    private boolean cached(SubjectId subject) {
        if (cache.getIfPresent(subject) != null) {
            return true;
        }
        synchronized (recent) {
            return recent.containsKey(subject);
        }
    }

    private void remember(SubjectId subject, Aead aead) {
        cache.put(subject, aead);
        synchronized (recent) {
            recent.put(subject, aead);
        }
    }

    private void forget(Collection<SubjectId> subjects) {
        cache.invalidateAll(subjects);
        synchronized (recent) {
            subjects.forEach(recent::remove);
        }
    }

    /**
     * A data key is 32 random bytes encrypted by the master AEAD, bound to its subject. Keys written
     * before 0.1.0 were whole Tink keysets encrypted by the master key; they still unwrap.
     */
    private Aead unwrap(SubjectId subject, byte[] wrapped) {
        byte[] raw = null;
        try {
            raw = master.aead().decrypt(wrapped, ad(subject));
            return aesGcm(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException notRaw) {
            try {
                return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.aead(), ad(subject))
                        .getPrimitive(RegistryConfiguration.get(), Aead.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The data key of subject " + subject
                        + " cannot be unwrapped: wrong master key or tampered key row", e);
            }
        } finally {
            if (raw != null) java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * AES-256-GCM, 12-byte random IV, 16-byte tag, no Tink prefix (one key per subject, so no key id is
     * needed): created directly instead of through a keyset, which is several times cheaper to build for
     * the hundreds of thousands of keys an import or a cold read touches.
     */
    private static Aead aesGcm(SecretBytes key) throws GeneralSecurityException {
        return AesGcmJce.create(AesGcmKey.builder().setParameters(DATA_KEY).setKeyBytes(key).build());
    }

    private static final AesGcmParameters DATA_KEY = dataKeyParameters();

    private static AesGcmParameters dataKeyParameters() {
        try {
            return AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Binds the wrapped key to its subject: a key row copied to another subject fails to unwrap. */
    private static byte[] ad(SubjectId subject) {
        return ("custodia:data-key:" + subject.value()).getBytes(StandardCharsets.UTF_8);
    }
}
