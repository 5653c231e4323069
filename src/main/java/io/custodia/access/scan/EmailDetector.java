package io.custodia.access.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail addresses. */
final class EmailDetector implements Detector {

    private static final String ATOM = "[a-z0-9!#$%&*+/=?^_`{|}~-]";

    // Pragmatic subset of RFC 5322 §3.4.1 addr-spec: a dot-atom local part (no quoted strings, comments, nor
    // apostrophes, which in notes are quotes far more often than address characters) and an RFC 1035 host name
    // with an alphabetic TLD. Possessive quantifiers keep matching linear on long runs of letters.
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![a-z0-9!#$%&*+/=?^_`{|}~.-])" + ATOM + "++(?:\\." + ATOM + "++)*+"
                    + "@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}(?![a-z0-9-])",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            out.add(Finding.of(FindingKind.EMAIL, m.start(), m.end()));
        }
    }
}
