package io.custodia.consent;

import java.time.Instant;

/**
 * One published version of the privacy notice in one language (GDPR Art. 13-14): the exact text shown
 * and its SHA-256, which a consent records so it can be proven later what the person was told.
 */
public record PrivacyNotice(int version, String language, String body, String sha256, Instant publishedAt) {
}
