package io.custodia.access.scan;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** French social security numbers (NIR, INSEE): 13 characters and a 2-digit key. */
final class NirDetector implements Detector {

    // INSEE NIR layout: sex (1, 2; 7, 8 for temporary numbers), year (2), month (2), department (2 digits or
    // 2A/2B for Corsica), commune (3), order (3), key (2). Single spaces are tolerated anywhere between digits so
    // that both "1 23 45 67 890 123 45" and overseas layouts ("971 12") are read; the key makes this safe.
    private static final Pattern NIR = Pattern.compile(
            "(?<![A-Za-z0-9])[1278](?: ?\\d){4} ?(?:\\d ?\\d|2 ?[ABab])(?: ?\\d){8}(?![A-Za-z0-9])");

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = NIR.matcher(text);
        while (m.find()) {
            if (valid(m.group().replace(" ", "").toUpperCase(Locale.ROOT))) {
                out.add(Finding.of(FindingKind.FR_NIR, m.start(), m.end()));
            }
        }
    }

    /** Validates a compact 15-character NIR. */
    static boolean valid(String nir) {
        int month = Integer.parseInt(nir.substring(3, 5));
        if (!validMonth(month)) {
            return false;
        }
        // INSEE rule for Corsica: for the key, 2A reads as 19 and 2B as 18.
        String digits = nir.substring(0, 13).replace("2A", "19").replace("2B", "18");
        int key = Integer.parseInt(nir.substring(13));
        return key == Checksums.nirKey(Long.parseLong(digits));
    }

    /**
     * Months 01-12, plus the conventional values INSEE uses when the birth month is unknown or does not come from
     * a civil-status record (20, 30-42, 50-99), as the brief allows; 00, 13-19, 21-29 and 43-49 are rejected.
     */
    private static boolean validMonth(int month) {
        return (month >= 1 && month <= 12) || month == 20 || (month >= 30 && month <= 42) || month >= 50;
    }
}
