package io.custodia.consent;

import java.time.Instant;

/**
 * One published version of the privacy notice in one language (GDPR Art. 13-14): the exact text shown
 * and its SHA-256, which a consent records so it can be proven later what the person was told.
 */
public record PrivacyNotice(int version, String language, String body, String sha256, Instant publishedAt) {

    /** A part of the text as a page shows it: a heading (a line starting with "## ") or a paragraph. */
    public record Part(boolean heading, String text) {
    }

    /** The text in headings and paragraphs, for a page; the text itself (what the hash covers) is unchanged. */
    public java.util.List<Part> parts() {
        java.util.List<Part> parts = new java.util.ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) continue;
            parts.add(line.startsWith("## ") ? new Part(true, line.substring(3).strip()) : new Part(false, line.strip()));
        }
        return parts;
    }
}
