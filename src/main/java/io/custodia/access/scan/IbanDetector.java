package io.custodia.access.scan;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** International bank account numbers. */
final class IbanDetector implements Detector {

    // ISO 13616-1: country code, 2 check digits, up to 30 alphanumerics; the paper format groups by 4 with spaces.
    // The candidate may run past the IBAN (e.g. into a following word); the exact end comes from the length.
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]{4}){2,8}+(?: ?[A-Za-z0-9]{1,3})?+");

    // IBAN lengths from the SWIFT IBAN Registry (ISO 13616 registration authority); others fall back to 15..34.
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22),
            Map.entry("CH", 21), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("EE", 20), Map.entry("ES", 24), Map.entry("FI", 18),
            Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GI", 23), Map.entry("GR", 27),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IS", 26),
            Map.entry("IT", 27), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MT", 31), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25), Map.entry("RO", 24),
            Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27),
            Map.entry("VA", 22));

    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = CANDIDATE.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = validEnd(text, m.start(), m.end());
            if (end > 0) {
                out.add(Finding.of(FindingKind.IBAN, m.start(), end));
                from = end;
            } else {
                from = m.start() + 1; // a valid IBAN may start inside a rejected candidate
            }
        }
    }

    /** The end of the valid IBAN starting at {@code start}, or -1. */
    private static int validEnd(String text, int start, int candidateEnd) {
        StringBuilder compact = new StringBuilder(MAX_LENGTH);
        int[] after = new int[MAX_LENGTH + 1];
        for (int i = start; i < candidateEnd && compact.length() < MAX_LENGTH + 1; i++) {
            char c = text.charAt(i);
            if (c != ' ') {
                after[compact.length()] = i + 1;
                compact.append(Character.toUpperCase(c));
                if (compact.length() == MAX_LENGTH + 1) {
                    break;
                }
            }
        }
        Integer expected = LENGTHS.get(compact.substring(0, 2));
        int longest = expected != null ? expected : Math.min(MAX_LENGTH, compact.length());
        int shortest = expected != null ? expected : MIN_LENGTH;
        for (int length = longest; length >= shortest; length--) {
            if (length <= compact.length() && endsOnBoundary(text, after[length - 1])
                    && Checksums.ibanMod97(compact.subSequence(0, length))) {
                return after[length - 1];
            }
        }
        return -1;
    }

    /** An IBAN must not be cut in the middle of a run of letters or digits. */
    private static boolean endsOnBoundary(String text, int end) {
        return end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
    }
}
