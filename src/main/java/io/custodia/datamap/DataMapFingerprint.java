package io.custodia.datamap;

/**
 * Which data map this instance runs with: its file name, declared version and the SHA-256 of its text.
 * Two starts with the same fingerprint run the same register.
 */
public record DataMapFingerprint(String source, int version, String sha256) {
}
