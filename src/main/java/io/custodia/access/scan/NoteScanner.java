package io.custodia.access.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scans free-text notes (notes about a person, interaction summaries) for personal identifiers and for terms
 * revealing a special category of data (GDPR Art. 9), so that what is found is flagged, or refused for payment
 * cards. Immutable and thread-safe: create one and share it.
 */
public final class NoteScanner {

    /** The longest text accepted, in chars: notes are short, and this bounds the scan time. */
    public static final int MAX_LENGTH = 100_000;

    /**
     * In priority order: when candidates overlap, the earlier detector wins. IBAN before card (an IBAN's digits
     * may pass Luhn); card before anything else that may share its digits, so that a refusal is never downgraded
     * to a flag; e-mail before phone (digits in a local part); identifiers before special-category words.
     */
    private final List<Detector> detectors;

    public NoteScanner() {
        this.detectors = List.of(new IbanDetector(), new PaymentCardDetector(), new EmailDetector(),
                new NirDetector(), new SsnDetector(), new PhoneDetector(),
                new SpecialCategoryDetector(SpecialCategoryLexicon.load()));
    }

    /**
     * Scans {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} is null or longer than {@link #MAX_LENGTH}
     */
    public ScanResult scan(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("text must be at most " + MAX_LENGTH + " characters, was "
                    + text.length());
        }
        String normalized = normalizeSeparators(text);
        List<Finding> candidates = new ArrayList<>();
        for (Detector detector : detectors) {
            detector.detect(normalized, candidates);
        }
        return new ScanResult(resolveOverlaps(candidates));
    }

    /**
     * French typography and copy-paste from web pages put no-break and thin spaces (U+00A0, U+202F, ...) and
     * no-break hyphens inside phone, card and account numbers; the patterns expect ASCII ones. The replacement
     * is char for char, so spans found in the normalized text are spans of the original.
     */
    private static String normalizeSeparators(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char replacement = switch (c) {
                case '\u00A0', '\u2007', '\u2009', '\u202F' -> ' ';
                case '\u2010', '\u2011' -> '-';
                default -> c;
            };
            if (replacement != c) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = replacement;
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** Keeps each candidate, in priority order, unless it overlaps one already kept. */
    private static List<Finding> resolveOverlaps(List<Finding> candidates) {
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding c : candidates) {
            Map.Entry<Integer, Finding> before = kept.floorEntry(c.start());
            if (before != null && before.getValue().end() > c.start()) {
                continue;
            }
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(c.start());
            if (after != null && after.getKey() < c.end()) {
                continue;
            }
            kept.put(c.start(), c);
        }
        return new ArrayList<>(kept.values());
    }
}
