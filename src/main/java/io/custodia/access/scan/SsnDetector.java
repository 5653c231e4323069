package io.custodia.access.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** US Social Security numbers. */
final class SsnDetector implements Detector {

    // SSA format AAA-GG-SSSS with one consistent separator (dash or space), not part of a longer dashed number.
    private static final Pattern SEPARATED = Pattern.compile(
            "(?<![A-Za-z0-9])(?<!\\d-)(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![A-Za-z0-9]|-\\d)");

    // Nine bare digits are an SSN only when announced; otherwise they are as likely an order or account number.
    private static final Pattern BARE = Pattern.compile("(?<![A-Za-z0-9])(\\d{3})(\\d{2})(\\d{4})(?![A-Za-z0-9])");
    private static final Pattern ANNOUNCE = Pattern.compile("\\b(?:ssn|social\\s+security)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int ANNOUNCE_DISTANCE = 20;

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = SEPARATED.matcher(text);
        while (m.find()) {
            if (valid(m.group(1), m.group(3), m.group(4))) {
                out.add(Finding.of(FindingKind.US_SSN, m.start(), m.end()));
            }
        }
        m = BARE.matcher(text);
        while (m.find()) {
            if (announced(text, m.start()) && valid(m.group(1), m.group(2), m.group(3))) {
                out.add(Finding.of(FindingKind.US_SSN, m.start(), m.end()));
            }
        }
    }

    /** Whether "SSN" or "social security" ends at most 20 characters before {@code start}. */
    private static boolean announced(String text, int start) {
        // Look far enough back for the longest keyword ("social   security", loosely spaced) to end in range.
        int from = Math.max(0, start - ANNOUNCE_DISTANCE - 2 * "social security".length());
        Matcher m = ANNOUNCE.matcher(text).region(from, start).useTransparentBounds(true);
        while (m.find()) {
            if (start - m.end() <= ANNOUNCE_DISTANCE) {
                return true;
            }
        }
        return false;
    }

    /** SSA: area 000, 666 and 900-999, group 00 and serial 0000 are never issued. */
    private static boolean valid(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }
}
