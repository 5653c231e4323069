package io.custodia.access.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Shared helpers: where a substring sits in a text, and what a result found there. */
final class ScanAssertions {

    static final NoteScanner SCANNER = new NoteScanner();

    private ScanAssertions() {
    }

    /** Asserts that {@code text} yields exactly one finding, of {@code kind}, spanning exactly {@code value}. */
    static Finding assertSingle(String text, String value, FindingKind kind) {
        ScanResult result = SCANNER.scan(text);
        assertThat(result.findings()).as("findings in %s", text).hasSize(1);
        Finding finding = result.findings().getFirst();
        assertThat(finding.kind()).as("kind in %s", text).isEqualTo(kind);
        int start = text.indexOf(value);
        assertThat(start).as("test setup: value in text").isNotNegative();
        assertThat(text.substring(finding.start(), finding.end())).as("span in %s", text).isEqualTo(value);
        return finding;
    }

    /** The kinds found in {@code text}, in position order. */
    static List<FindingKind> kindsIn(String text) {
        return SCANNER.scan(text).findings().stream().map(Finding::kind).toList();
    }
}
