package io.custodia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results table: each operation with Custodia's figure, the baseline's, their ratio, the target and whether it is met. */
final class Report {

    record Row(String operation, String custodia, String baseline, String ratio, String target, String met) {
    }

    private final List<String> context = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void context(String line) {
        context.add(line);
    }

    void row(Row row) {
        rows.add(row);
    }

    void note(String line) {
        notes.add(line);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# Custodia end-to-end benchmark\n\n");
        context.forEach(line -> out.append("- ").append(line).append('\n'));
        out.append('\n');
        String[] header = {"Operation", "Custodia", "Baseline (plain SQL)", "Custodia / baseline", "Target", "Met"};
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) widths[i] = header[i].length();
        for (Row r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < cells.length; i++) widths[i] = Math.max(widths[i], cells[i].length());
        }
        line(out, header, widths);
        String[] rule = new String[header.length];
        for (int i = 0; i < rule.length; i++) rule[i] = "-".repeat(widths[i]);
        line(out, rule, widths);
        rows.forEach(r -> line(out, cells(r), widths));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown());
    }

    private static String[] cells(Row r) {
        return new String[] {r.operation(), r.custodia(), r.baseline(), r.ratio(), r.target(), r.met()};
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        out.append('\n');
    }
}
