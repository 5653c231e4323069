package io.custodia.access.scan;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers (PAN). A run of digit groups is searched for the longest well-grouped sub-run of 13 to
 * 19 digits (ISO/IEC 7812-1 PAN length) with a plausible issuer prefix and a valid Luhn check digit.
 */
final class PaymentCardDetector implements Detector {

    // Digit groups separated by one space or dash; possessive, the sub-runs are examined in code.
    private static final Pattern RUN = Pattern.compile("(?<![A-Za-z0-9])\\d++(?:[ -]\\d++)*+");

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = RUN.matcher(text);
        int[] starts = new int[16];
        int[] ends = new int[16];
        while (m.find()) {
            int groups = 0;
            for (int i = m.start(); i < m.end(); ) {
                int j = i;
                while (j < m.end() && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                if (groups == starts.length) {
                    starts = Arrays.copyOf(starts, groups * 2);
                    ends = Arrays.copyOf(ends, groups * 2);
                }
                starts[groups] = i;
                ends[groups++] = j;
                i = j + 1;
            }
            scanRun(text, starts, ends, groups, out);
        }
    }

    private static void scanRun(String text, int[] starts, int[] ends, int groups, List<Finding> out) {
        int i = 0;
        while (i < groups) {
            int best = -1;
            int digits = 0;
            for (int j = i; j < groups; j++) {
                digits += ends[j] - starts[j];
                if (digits > MAX_DIGITS) {
                    break;
                }
                if (digits >= MIN_DIGITS && endsOnBoundary(text, ends[j]) && isCard(text, starts, ends, i, j)) {
                    best = j;
                }
            }
            if (best >= 0) {
                out.add(Finding.of(FindingKind.PAYMENT_CARD, starts[i], ends[best]));
                i = best + 1;
            } else {
                i++;
            }
        }
    }

    private static boolean endsOnBoundary(String text, int end) {
        return end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
    }

    private static boolean isCard(String text, int[] starts, int[] ends, int first, int last) {
        if (!wellGrouped(starts, ends, first, last)) {
            return false;
        }
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        for (int g = first; g <= last; g++) {
            digits.append(text, starts[g], ends[g]);
        }
        return plausibleIssuer(digits) && Checksums.luhn(digits);
    }

    /**
     * Card numbers are printed contiguous, in fours (4-4-4-4, 4-4-4-4-3, ...) or, for American Express and
     * Diners, 4-6-5 / 4-6-4; anything else (1 000 000 ...) is not a card. Spaces and dashes may be mixed: a
     * dictated number is often typed carelessly, and missing a card is worse than a rare false refusal.
     */
    private static boolean wellGrouped(int[] starts, int[] ends, int first, int last) {
        if (first == last) {
            return true;
        }
        int count = last - first + 1;
        if (count == 3 && ends[first] - starts[first] == 4 && ends[first + 1] - starts[first + 1] == 6) {
            int tail = ends[last] - starts[last];
            return tail == 4 || tail == 5;
        }
        for (int g = first; g < last; g++) {
            if (ends[g] - starts[g] != 4) {
                return false;
            }
        }
        return ends[last] - starts[last] <= 4;
    }

    /**
     * ISO/IEC 7812 major industry identifiers 3-6 (travel/entertainment and banking: Amex, Diners, JCB, Visa,
     * Mastercard, Maestro, Discover, UnionPay). MII 2 is only accepted in the Mastercard 2221-2720 and Mir
     * 2200-2204 ranges with 16+ digits, so that a 15-digit French NIR starting with 2 is never taken for a card.
     */
    private static boolean plausibleIssuer(CharSequence digits) {
        char first = digits.charAt(0);
        if (first >= '3' && first <= '6') {
            return true;
        }
        if (first != '2' || digits.length() < 16) {
            return false;
        }
        int prefix = Integer.parseInt(digits.subSequence(0, 4).toString());
        return (prefix >= 2221 && prefix <= 2720 && digits.length() == 16) || (prefix >= 2200 && prefix <= 2204);
    }
}
