package io.custodia.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.stereotype.Service;

/**
 * Ed25519 signatures for the audit ledger's checkpoints (GDPR Art. 5(2); ASVS V16.4.2): the private key is
 * a system key wrapped by the master key and never leaves this class; the public key is published so that
 * anyone can check a checkpoint, and {@link #verify} needs nothing else (the offline verifier). Signatures
 * are raw 64-byte Ed25519 (no Tink prefix), so any Ed25519 library can check them against
 * {@link #rawPublicKey()}.
 */
@Service
public class LedgerSignatures {

    static {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PublicKeySign signer;
    private final KeysetHandle publicKeyset;

    LedgerSignatures(SystemKeys systemKeys) {
        try {
            KeysetHandle handle = systemKeys.getOrCreate("audit-checkpoint-signing", Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));
            this.signer = handle.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
            this.publicKeyset = handle.getPublicKeysetHandle();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the ledger's signing key", e);
        }
    }

    /** The signature of {@code data} under the ledger's private key. */
    public byte[] sign(byte[] data) {
        try {
            return signer.sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a ledger checkpoint", e);
        }
    }

    /** The public keyset in Tink's JSON format, with no secret in it: what the offline verifier takes. */
    public String publicKeysetJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeyset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot export the ledger's public key", e);
        }
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] rawPublicKey() {
        return ((Ed25519PublicKey) publicKeyset.getPrimary().getKey()).getPublicKeyBytes().toByteArray();
    }

    /** A short name of the public key: the first 16 hex digits of SHA-256 of its raw bytes. */
    public String keyId() {
        return keyIdOf(rawPublicKey());
    }

    static String keyIdOf(byte[] rawPublicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rawPublicKey)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Checks a signature with a public keyset only (no database, no master key).
     *
     * @throws IllegalArgumentException when {@code publicKeysetJson} is not a public Tink keyset
     */
    public static boolean verify(String publicKeysetJson, byte[] data, byte[] signature) {
        return verifier(publicKeysetJson).verify(data, signature);
    }

    /** A reusable checker for one public keyset (parsing it once for many checkpoints). */
    public static Verifier verifier(String publicKeysetJson) {
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson);
            PublicKeyVerify verify = handle.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
            String keyId = keyIdOf(((Ed25519PublicKey) handle.getPrimary().getKey()).getPublicKeyBytes().toByteArray());
            return new Verifier(verify, keyId);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("Not a public Ed25519 keyset in Tink's JSON format: " + e.getMessage(), e);
        }
    }

    /** Checks signatures under one public key. */
    public static final class Verifier {
        private final PublicKeyVerify verify;
        private final String keyId;

        private Verifier(PublicKeyVerify verify, String keyId) {
            this.verify = verify;
            this.keyId = keyId;
        }

        public String keyId() {
            return keyId;
        }

        public boolean verify(byte[] data, byte[] signature) {
            try {
                verify.verify(signature, data);
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        /** Like {@link #verify(byte[], byte[])} with a base64 signature; false when it is not base64. */
        public boolean verify(byte[] data, String base64Signature) {
            try {
                return verify(data, Base64.getDecoder().decode(base64Signature));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
