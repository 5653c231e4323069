package io.custodia.access.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telephone numbers. Candidates are emitted most specific first (French, then North American, then generic
 * E.164) so that, on overlap, the scanner keeps the tightest span. Every pattern is anchored on a leading
 * {@code 0}, a {@code +}/{@code 00} prefix or a NANP 3-3-4 shape, so dates (2024-11-29), amounts (1 000,00 €),
 * years and short numbers never match.
 */
final class PhoneDetector implements Detector {

    private static final String BEFORE = "(?<![\\w+])";
    private static final String AFTER = "(?!\\w)";

    // ARCEP national numbering plan: 0 + 9 digits, 01-05 geographic, 06-07 mobile, 08 special, 09 VoIP; written
    // in pairs with one consistent separator (space, dot or dash) or none.
    private static final Pattern FR_NATIONAL = Pattern.compile(
            BEFORE + "0[1-9]([ .-]?)\\d{2}(?:\\1\\d{2}){3}" + AFTER);

    // Same plan in international form (ITU-T E.164, country code 33, dialled +33 or 0033), trunk "(0)" tolerated.
    private static final Pattern FR_INTERNATIONAL = Pattern.compile(
            BEFORE + "(?:\\+|00)33[ .-]?(?:\\(0\\)[ .-]?)?[1-9](?:[ .-]?\\d{2}){4}" + AFTER);

    // North American Numbering Plan (NANPA): NXX-NXX-XXXX (N = 2-9), optional +1; separators are required unless the
    // number starts with +1, so bare 10-digit references are not taken for phones.
    private static final Pattern NANP = Pattern.compile(
            BEFORE + "(?:\\+1[ .-]?)?(?:\\([2-9]\\d{2}\\) ?[2-9]\\d{2}[ .-]\\d{4}|[2-9]\\d{2}([ .-])[2-9]\\d{2}\\1\\d{4})"
                    + AFTER);

    // ITU-T E.164: "+" then at most 15 digits (8 at least here, to skip short codes), in groups separated by a
    // space, dot or dash, an optional "(0)" trunk prefix. Possessive: groups never need to be re-split.
    private static final Pattern E164 = Pattern.compile(
            BEFORE + "\\+[1-9]\\d*+(?:[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d++)*+" + AFTER);

    @Override
    public void detect(String text, List<Finding> out) {
        addAll(FR_NATIONAL, text, out);
        addAll(FR_INTERNATIONAL, text, out);
        addAll(NANP, text, out);
        Matcher m = E164.matcher(text);
        while (m.find()) {
            int digits = countDigits(m.group().replace("(0)", ""));
            if (digits >= 8 && digits <= 15) {
                out.add(Finding.of(FindingKind.PHONE, m.start(), m.end()));
            }
        }
    }

    private static void addAll(Pattern pattern, String text, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(Finding.of(FindingKind.PHONE, m.start(), m.end()));
        }
    }

    private static int countDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
